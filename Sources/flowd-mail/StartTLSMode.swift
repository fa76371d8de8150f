import ArgumentParser

/// When to switch a connection to TLS with STARTTLS (RFC 3207).
enum StartTLSMode: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// When the server offers it, unless the server is on this machine: loopback traffic never leaves it, and a
    /// local MTA's certificate is self-signed (Debian's exim4 and postfix both offer STARTTLS with one).
    case auto
    /// Always, verified; a server that does not offer it gets no mail.
    case require
    case never
}
