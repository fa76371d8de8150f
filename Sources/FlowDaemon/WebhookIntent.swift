import FlowAPI

/// What a webhook asked for, once verified and parsed.
struct WebhookIntent: Sendable {
    var draft: Int64
    var action: String
    var senderActor: String?
    var body: ActionRequest
    var responseURL: String? = nil
    /// An edit's medium named by address, its alt text and its place (`WebhookMedium` checks them).
    var mediaURL: String? = nil
    var alt: String? = nil
    var position: Int? = nil
    /// A Slack "I'm away" press: the person says they are away (`SlackAway`), not an action on the draft.
    var away: SlackAway? = nil
}
