import ArgumentParser
import NIOSSL

/// When to switch a connection to TLS with STARTTLS (RFC 3207).
enum StartTLSMode: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// When the server offers it, unless the server is on this machine: loopback traffic never leaves it, and a
    /// local MTA's certificate is self-signed (Debian's exim4 and postfix both offer STARTTLS with one).
    case auto
    /// Always, verified; a server that does not offer it gets no mail.
    case require
    case never
}

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
