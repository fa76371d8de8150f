import FlowCore

/// flowd's own Slack messages (incoming webhooks): one line, and buttons when the people mentioned must decide.
public enum SlackMessage {
    /// The people to act are mentioned when their `slack_id` is known. A notification that asks for a decision
    /// carries Approve and Request changes buttons bound to the draft and the revision it was sent for, in the
    /// `action:draft:revision` form the Slack interaction handler parses: a press on an old message can then never
    /// decide on a later revision.
    static func of(_ notice: Notice, line text: String) -> String {
        let mentions = notice.notify.map { name in notice.contact(name)?.slackID.map { "<@\($0)>" } ?? displayName(name)
        }
        let prefix = mentions.isEmpty ? "" : mentions.joined(separator: " ") + ": "
        let line = prefix + TextEscaping.slack(text)
        guard notice.asksForDecision else { return JSONValue.object([("text", .string(line))]).text }
        let labels = PageText.of(notice.language)
        let draft = notice.draft
        // Slack shows `text` in notifications and `blocks` in the channel: both carry the same line.
        let section = JSONValue.object([
            ("type", .string("section")), ("text", .object([("type", .string("mrkdwn")), ("text", .string(line))])),
        ])
        let actions = JSONValue.object([
            ("type", .string("actions")), ("block_id", .string("flowd-decision-\(draft.id)-\(draft.revision)")),
            (
                "elements",
                .array([
                    button(.approve, labels.approve, style: "primary", draft: draft),
                    button(.requestChanges, labels.requestChanges, style: "danger", draft: draft),
                ])
            ),
        ])
        var blocks = [section, actions]
        if draft.revisionAuthorSide == .agency { blocks.append(away(notice, labels)) }
        return JSONValue.object([("text", .string(line)), ("blocks", .array(blocks))]).text
    }

    /// The button value's action for "I'm away", which `WebhookAnswers` reads as a person's absence.
    public static let awayAction = "away"
    /// What a press on one of the "I'm away" inputs (the day, the stand-in) reads as: nothing to do until the button.
    public static let inputAction = "input"

    /// "I'm away": the day the presser is back and who stands in, read from the message's state when they press it.
    private static func away(_ notice: Notice, _ labels: PageText) -> JSONValue {
        let choices = notice.standInChoices.map { (displayName($0), $0) } + [(labels.awayNoStandIn, "-")]
        let options = choices.map { label, value in
            JSONValue.object([
                ("text", .object([("type", .string("plain_text")), ("text", .string(label))])),
                ("value", .string(value)),
            ])
        }
        return .object([
            ("type", .string("actions")), ("block_id", .string("flowd-away-\(notice.draft.id)")),
            (
                "elements",
                .array([
                    .object([
                        ("type", .string("datepicker")), ("action_id", .string("away_until")),
                        (
                            "placeholder",
                            .object([("type", .string("plain_text")), ("text", .string(labels.awayBackOn))])
                        ),
                    ]),
                    .object([
                        ("type", .string("static_select")), ("action_id", .string("away_stand_in")),
                        ("placeholder", .object([("type", .string("plain_text")), ("text", .string(labels.awayAsk))])),
                        ("options", .array(options)),
                    ]),
                    .object([
                        ("type", .string("button")), ("action_id", .string(awayAction)),
                        ("text", .object([("type", .string("plain_text")), ("text", .string(labels.awaySummary))])),
                        ("value", .string("\(awayAction):\(notice.draft.id):\(notice.draft.revision)")),
                    ]),
                ])
            ),
        ])
    }

    /// One line mentioning the roster: a crisis asks nobody to press a button.
    static func crisis(_ text: String, roster: [String], contacts: [String: Contact]) -> String {
        let mentions = roster.map { person in contacts[person]?.slackID.map { "<@\($0)>" } ?? person }
        let prefix = mentions.isEmpty ? "" : mentions.joined(separator: " ") + ": "
        return JSONValue.object([("text", .string(prefix + TextEscaping.slack(text)))]).text
    }

    /// The value is what the interaction handler reads back; the label is in the client's language.
    private static func button(_ action: Action, _ label: String, style: String, draft: Draft) -> JSONValue {
        .object([
            ("type", .string("button")), ("action_id", .string(action.rawValue)),
            ("text", .object([("type", .string("plain_text")), ("text", .string(label))])),
            ("style", .string(style)), ("value", .string("\(action.rawValue):\(draft.id):\(draft.revision)")),
        ])
    }

}
