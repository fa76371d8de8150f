import NIOSSL

/// Where the relay is and what flowd-mail insists on when it talks to it.
struct SMTPSettings: Sendable {
    var host: String
    var port: Int
    var startTLS: StartTLSMode
    /// Verifies the server's certificate (system trust store, or --tls-ca) for `tlsName`; nil with
    /// `--starttls never`.
    var tls: NIOSSLContext?
    /// The name the certificate must carry; nil checks the connected IP address (the host was one).
    var tlsName: String?
    var credentials: Credentials?
    /// The name flowd-mail gives in EHLO.
    var helo: String
    /// The longest flowd-mail waits for any one reply.
    var timeout: Double
}
