public import FlowCore

/// What the outbox planner writes notices with: the daemon builds the planner with one, and the store calls it
/// in the transaction that writes a transition's notifications.
public struct NoticeRenderer: NoticeRendering {
    public init() {}

    public func line(_ notice: Notice) -> String { NoticeLine(notice: notice).text }

    public func slack(_ notice: Notice, line: String) -> String { SlackMessage.of(notice, line: line) }

    public func crisisLine(_ crisis: Crisis, clientName: String) -> String {
        "\(clientName) is in crisis mode: \(crisis.message) (started by \(crisis.startedBy))"
    }

    public func crisisSlack(_ line: String, roster: [String], contacts: [String: Contact]) -> String {
        SlackMessage.crisis(line, roster: roster, contacts: contacts)
    }
}
