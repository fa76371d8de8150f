/// Every problem found in a config file; loading stops at none of them, so all are reported at once.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var issues: [ConfigIssue]

    public var description: String { issues.map { "\(path): \($0)" }.joined(separator: "\n") }
}
