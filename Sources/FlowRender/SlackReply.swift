public import FlowCore
public import Foundation

/// What flowd says back to a Slack button press, through the interaction's `response_url`: the original
/// message updated with the decision (buttons gone), or an answer only the presser sees.
public enum SlackReply {
    /// Replaces the message that carried the buttons.
    public static func decided(
        _ kind: EventKind, by person: String, draft: Draft, at: Date, zone: TimeZone?, language: PageLanguage
    ) -> JSONValue {
        let who = displayName(person)
        let time = SpokenTime.format(at, in: zone, language: language, now: at)
        let title = TextEscaping.slack(draft.content.title)
        let revision = draft.revision
        let text: String =
            switch (language, kind) {
            case (.de, .approve): "✅ \(who) hat Version \(revision) von „\(title)“ freigegeben (\(time))."
            case (.de, .requestChanges): "✏️ \(who) möchte Änderungen an „\(title)“, Version \(revision) (\(time))."
            case (.de, .acknowledge): "⏳ \(who) kümmert sich um „\(title)“ (\(time))."
            case (.de, _): "\(who): \(kind.rawValue) „\(title)“ (\(time))."
            case (.en, .approve): "✅ \(who) approved revision \(revision) of “\(title)” (\(time))."
            case (.en, .requestChanges): "✏️ \(who) asked for changes to “\(title)”, revision \(revision) (\(time))."
            case (.en, .acknowledge): "⏳ \(who) is on “\(title)” (\(time))."
            case (.en, _): "\(who): \(kind.rawValue) “\(title)” (\(time))."
            }
        return .object([("replace_original", .bool(true)), ("text", .string(text))])
    }

    /// Seen by the presser only; the message stays as it is.
    public static func onlyYou(_ text: String) -> JSONValue {
        .object([
            ("response_type", .string("ephemeral")), ("replace_original", .bool(false)), ("text", .string(text)),
        ])
    }

    /// The answer to an "I'm away" press without a day after today.
    public static func pickADay(_ language: PageLanguage) -> String {
        language == .de
            ? "Wählen Sie den Tag Ihrer Rückkehr (nach heute) und drücken Sie dann „Ich bin abwesend“."
            : "Pick the day you are back (after today), then press “I'm away”."
    }

    /// The answer to an "I'm away" press that was recorded.
    public static func away(until: String, standIn: String?, language: PageLanguage) -> String {
        let who = standIn.map(displayName)
        switch (language, who) {
        case (.de, let who?): return "Sie sind bis \(until) abwesend; \(who) prüft in Vertretung."
        case (.de, nil): return "Sie sind bis \(until) abwesend; niemand vertritt Sie, die Agentur fragt weitere."
        case (.en, let who?): return "You are away until \(until); \(who) reviews in your place."
        case (.en, nil): return "You are away until \(until); nobody stands in, so the agency asks others."
        }
    }

    /// A button from before the draft's current revision, or one that names no revision at all.
    public static func changedSince(revision: Int?, language: PageLanguage) -> JSONValue {
        let now = revision.map { language == .de ? " (jetzt Version \($0))" : " (now revision \($0))" } ?? ""
        return onlyYou(
            language == .de
                ? "Dieser Entwurf hat sich seit dieser Nachricht geändert\(now). Es wurde nichts entschieden."
                : "This draft changed since this message\(now). Nothing was decided.")
    }
}
