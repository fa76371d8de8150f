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
}
