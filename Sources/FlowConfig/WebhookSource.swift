public import FlowCore

/// One sender of inbound webhooks.
public struct WebhookSource: Sendable, Equatable {
    public var name: String
    public var scheme: SignatureScheme
    public var secrets: [SigningSecret]
    /// The flowd user a request acts as when it names no actor.
    public var actor: String?
    /// The sender's own user ids mapped to flowd users.
    public var actors: [String: String]
    public var actions: Set<Action>
    /// Slack sources: the prefix a `response_url` must have for flowd to answer there.
    public var responseURLPrefix = "https://hooks.slack.com/"
    /// The addresses this source may name a medium by (`media_from`); empty, it may name none.
    public var mediaFrom: [MediaURL] = []

    /// The outbox sink that carries this Slack source's replies (message updates and ephemeral answers).
    public var replySink: SinkConfig? {
        guard scheme == .slack else { return nil }
        return SinkConfig(
            route: SinkRoute(name: "slack-replies:" + name, format: .slack, types: []),
            target: .url(responseURLPrefix), secret: nil, timeout: 10, policy: DeliveryPolicy())
    }
}
