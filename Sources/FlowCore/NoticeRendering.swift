/// Writes notices as text for people. FlowCore decides who is told and what a notice says, as data (`Notice`,
/// a `Crisis`); FlowRender's `NoticeRenderer` writes the line in the client's language and the Slack message
/// (mentions, escaping, buttons). The planner holds one because outbox rows are written in the transaction of
/// the events they report, so their bytes are made there, once.
public protocol NoticeRendering: Sendable {
    /// The notice's one line: the envelope's `text`, and what a Slack message says.
    func line(_ notice: Notice) -> String

    /// The Slack incoming-webhook body for a notice whose line is `line`.
    func slack(_ notice: Notice, line: String) -> String

    /// The line a crisis start sends, naming the client as `clientName`.
    func crisisLine(_ crisis: Crisis, clientName: String) -> String

    /// The Slack body for a crisis start: `line` for `roster`, mentioned by the Slack ids `contacts` give.
    func crisisSlack(_ line: String, roster: [String], contacts: [String: Contact]) -> String
}
