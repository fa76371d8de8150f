public import FlowCore

/// The inbound webhook listener; nil `listen` means off.
public struct PublicServerConfig: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var maxBodyBytes: Int
    public var requestTimeout: TimeSpan
    /// Open connections the public listener keeps at most; more wait in the kernel's backlog.
    public var maxConnections = 256
    public var sources: [String: WebhookSource]
    /// The address people reach this listener at (behind a TLS proxy): review links are built from it.
    public var publicURL: String?
    /// The longest a review link lives.
    public var linkMaxAge = TimeSpan(seconds: 7 * 86_400)
    /// Reverse proxies whose `X-Forwarded-For` names the client; every other peer is counted as itself.
    public var trustedProxies = TrustedProxies.none
}
