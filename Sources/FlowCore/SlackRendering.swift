/// Writes what a Slack sink receives. FlowCore decides who is told and what a notice says; FlowRender's
/// `SlackMessage` writes it in Slack's JSON (mentions, escaping, buttons). The planner holds one because the outbox
/// rows are written in the transaction of the events they report, so the bytes must be made there, once.
public protocol SlackRendering: Sendable {
    /// The incoming-webhook body for one notice.
    func message(_ notice: Notice) -> String

    /// The body for a crisis start: `text` for `roster`, mentioned by the Slack ids `contacts` give.
    func crisis(_ text: String, roster: [String], contacts: [String: Contact]) -> String
}
