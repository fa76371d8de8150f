public import Foundation

/// One line of a policy's timeline (`flowctl policy explain`) or of a draft's upcoming steps.
public struct TimelineEntry: Sendable, Equatable, Codable {
    public var at: Date
    public var action: String
    public var rule: String
    public var notify: [String]

    public init(at: Date, action: String, rule: String, notify: [String]) {
        self.at = at
        self.action = action
        self.rule = rule
        self.notify = notify
    }
}
