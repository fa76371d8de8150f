/// How an inbound webhook source signs its requests.
public enum SignatureScheme: String, Sendable, Codable, CaseIterable {
    /// Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64> …`.
    case standard
    /// GitHub: `X-Hub-Signature-256: sha256=<hex>` over the body; `X-GitHub-Delivery` names the delivery.
    case github
    /// Slack: `X-Slack-Signature: v0=<hex>` over `v0:<timestamp>:<body>`.
    case slack
}
