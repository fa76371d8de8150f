import FlowConfig
import FlowCore

/// A medium a webhook names by address (`media_url`, with `alt` and `position`), checked against its source: only
/// an `edit` may name one, only a source with `media_from` may, and only under one of its prefixes. Every check is
/// made before anything is fetched.
struct WebhookMedium: Sendable {
    var url: MediaURL
    var alt: String
    var position: Int?

    /// The medium `intent` names, or nil when it names none; refused with the reason otherwise.
    static func checked(
        _ intent: WebhookIntent, action: Action, source: WebhookSource
    ) throws(Refusal) -> WebhookMedium? {
        guard let raw = intent.mediaURL else {
            if intent.alt != nil || intent.position != nil {
                throw Refusal(.invalidRequest, "alt and position describe a medium: they go with media_url")
            }
            return nil
        }
        guard action == .edit else {
            throw Refusal(.invalidRequest, "media_url goes with action edit, not \(quoted(action.rawValue))")
        }
        guard !source.mediaFrom.isEmpty else {
            throw Refusal(.forbidden, "source \(source.name) may not name media by URL: set media_from")
        }
        let url: MediaURL
        do {
            url = try MediaURL(parsing: raw)
        } catch {
            throw Refusal(.invalidRequest, "media_url \(error.reason)")
        }
        guard source.mediaFrom.contains(where: url.isUnder) else {
            throw Refusal(
                .forbidden,
                "media_url is not under a prefix source \(source.name) may fetch from (media_from)")
        }
        if let position = intent.position, position < 1 {
            throw Refusal(.invalidRequest, "position must be a number from 1")
        }
        return WebhookMedium(url: url, alt: intent.alt ?? "", position: intent.position)
    }
}
