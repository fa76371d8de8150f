/// One problem in a config file, with the line it is on where that is known.
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}
