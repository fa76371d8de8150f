import FlowCore

/// A verified delivery that may act: everything the transition and its answer need.
struct AuthorizedWebhook: Sendable {
    var source: String
    var scheme: SignatureScheme
    var intent: WebhookIntent
    var action: Action
    var user: User
    var language: PageLanguage
    var deliveryID: String
    var slack: SlackReplier
    /// The medium an edit attaches from an address its source allows; nil for every other delivery.
    var medium: WebhookMedium? = nil
}

/// A verified Slack "I'm away" press from a person the source may act for.
struct AuthorizedAway: Sendable {
    var source: String
    var user: User
    var language: PageLanguage
    var away: SlackAway
    var slack: SlackReplier
}
