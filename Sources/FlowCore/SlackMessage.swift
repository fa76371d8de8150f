/// flowd's own Slack messages (incoming webhooks): one line, and buttons when the people mentioned must decide.
extension Notice {
    /// The people to act are mentioned when their `slack_id` is known. A notification that asks for a decision
    /// carries Approve and Request changes buttons bound to the draft and the revision it was sent for, in the
    /// `action:draft:revision` form the Slack interaction handler parses: a press on an old message can then never
    /// decide on a later revision.
    var slackBody: JSONValue {
        let mentions = notify.map { name in planner.contacts[name]?.slackID.map { "<@\($0)>" } ?? display(name) }
        let prefix = mentions.isEmpty ? "" : mentions.joined(separator: " ") + ": "
        let line = prefix + TextEscaping.slack(text)
        guard asksForDecision else { return .object([("text", .string(line))]) }
        let labels = PageText.of(language)
        // Slack shows `text` in notifications and `blocks` in the channel: both carry the same line.
        let section = JSONValue.object([
            ("type", .string("section")), ("text", .object([("type", .string("mrkdwn")), ("text", .string(line))])),
        ])
        let actions = JSONValue.object([
            ("type", .string("actions")), ("block_id", .string("flowd-decision-\(draft.id)-\(draft.revision)")),
            (
                "elements",
                .array([
                    button(.approve, labels.approve, style: "primary"),
                    button(.requestChanges, labels.requestChanges, style: "danger"),
                ])
            ),
        ])
        return .object([("text", .string(line)), ("blocks", .array([section, actions]))])
    }

    /// Entering review, a reminder and an escalation ask the people they name to decide now; the other types
    /// report what happened, and a button under them would invite a decision nobody was asked for.
    var asksForDecision: Bool {
        draft.state == .review && (type == .submitted || type == .reminder || type == .escalated)
    }

    /// The value is what the interaction handler reads back; the label is in the client's language.
    private func button(_ action: Action, _ label: String, style: String) -> JSONValue {
        .object([
            ("type", .string("button")), ("action_id", .string(action.rawValue)),
            ("text", .object([("type", .string("plain_text")), ("text", .string(label))])),
            ("style", .string(style)), ("value", .string("\(action.rawValue):\(draft.id):\(draft.revision)")),
        ])
    }
}
