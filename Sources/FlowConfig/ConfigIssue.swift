/// One problem in a config file, with the line it is on where that is known.
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// Every problem found in a config file; loading stops at none of them, so all are reported at once.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var issues: [ConfigIssue]

    public var description: String { issues.map { "\(path): \($0)" }.joined(separator: "\n") }
}
