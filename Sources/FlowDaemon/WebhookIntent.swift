import FlowAPI

/// What a webhook asked for, once verified and parsed.
struct WebhookIntent: Sendable {
    var draft: Int64
    var action: String
    var senderActor: String?
    var body: ActionRequest
    var responseURL: String? = nil
}
