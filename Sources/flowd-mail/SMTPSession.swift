import Foundation
import NIOCore
import NIOSSL

/// One SMTP session (RFC 5321): greeting, EHLO (HELO for a server without extensions), STARTTLS and AUTH as the
/// settings ask, then a transaction per message, then QUIT.
final class SMTPSession {
    let settings: SMTPSettings
    private let connection: SMTPConnection
    /// Extension keywords from the last EHLO, upper-cased, with their parameters.
    private var extensions: [String: [String]] = [:]
    private var secure = false
    /// False once the connection is in a state no further message should be sent in.
    private(set) var usable = true

    private init(settings: SMTPSettings, connection: SMTPConnection) {
        self.settings = settings
        self.connection = connection
    }

    static func open(_ settings: SMTPSettings) async throws -> SMTPSession {
        let connection = try await SMTPConnection.connect(
            host: settings.host, port: settings.port, timeout: settings.timeout)
        let session = SMTPSession(settings: settings, connection: connection)
        do {
            try await session.start()
        } catch {
            await connection.close()
            throw error
        }
        return session
    }

    private func start() async throws {
        let greeting = try await connection.reply(to: "greeting", within: settings.timeout)
        guard greeting.code == 220 else { throw SMTPError.refused(step: "greeting", reply: greeting) }
        try await hello()
        try await upgradeIfWanted()
        if let credentials = settings.credentials { try await authenticate(credentials) }
    }

    private func hello() async throws {
        let reply = try await command("EHLO \(settings.helo)", step: "EHLO")
        if reply.code == 250 {
            extensions = [:]
            for line in reply.lines.dropFirst() {
                // "AUTH=LOGIN PLAIN" is how some old servers still spell AUTH.
                let words = line.replacingOccurrences(of: "=", with: " ").split(separator: " ").map(String.init)
                guard let keyword = words.first?.uppercased() else { continue }
                extensions[keyword, default: []] += words.dropFirst()
            }
            return
        }
        guard (500...599).contains(reply.code) else { throw SMTPError.refused(step: "EHLO", reply: reply) }
        let helo = try await command("HELO \(settings.helo)", step: "HELO")
        guard helo.code == 250 else { throw SMTPError.refused(step: "HELO", reply: helo) }
        extensions = [:]
    }

    private func upgradeIfWanted() async throws {
        let offered = extensions["STARTTLS"] != nil
        switch settings.startTLS {
        case .never: return
        case .auto: if !offered || connection.isLoopback { return }
        case .require:
            if !offered {
                throw SMTPError.policy(
                    "\(settings.host):\(settings.port) does not offer STARTTLS, and --starttls require insists on it")
            }
        }
        guard let context = settings.tls else { return }
        let name = settings.tlsName
        let reply = try await connection.startTLS(within: settings.timeout) {
            try NIOSSLClientHandler(context: context, serverHostname: name)
        }
        guard reply.code == 220 else {
            if settings.startTLS == .require { throw SMTPError.refused(step: "STARTTLS", reply: reply) }
            // Offered, then refused (a server without a usable certificate): auto takes the plain connection.
            report("\(settings.host):\(settings.port) refused STARTTLS (\(reply)); going on without TLS")
            return
        }
        secure = true
        // RFC 3207 §4.2: what the server said before TLS is forgotten; it may offer other things now (AUTH).
        // The handshake runs under this EHLO, so a certificate that does not verify shows here.
        do {
            try await hello()
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError.policy(
                "TLS with \(settings.host):\(settings.port) failed (the certificate must verify against the system's "
                    + "trust store or --tls-ca, for --tls-name \(settings.tlsName ?? "(the address)")): \(error)")
        }
    }

    private func authenticate(_ credentials: Credentials) async throws {
        guard secure || connection.isLoopback else {
            throw SMTPError.policy(
                "refusing to send the --auth-file credentials to \(settings.host):\(settings.port) without TLS: "
                    + "it did not offer STARTTLS (or --starttls never); only a relay on this machine may get them "
                    + "in plain text")
        }
        guard let mechanisms = extensions["AUTH"]?.map({ $0.uppercased() }) else {
            throw SMTPError.policy("\(settings.host):\(settings.port) does not offer AUTH, but --auth-file was given")
        }
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(credentials.user.utf8) + [0] + Array(credentials.password.utf8)))
            try await expect("AUTH PLAIN " + token.base64EncodedString(), step: "AUTH PLAIN") {
                $0 == 235
            }
        } else if mechanisms.contains("LOGIN") {
            try await expect("AUTH LOGIN", step: "AUTH LOGIN") { $0 == 334 }
            try await expect(Self.base64(credentials.user), step: "AUTH LOGIN (user)") { $0 == 334 }
            try await expect(Self.base64(credentials.password), step: "AUTH LOGIN (password)") { $0 == 235 }
        } else {
            throw SMTPError.policy(
                "\(settings.host):\(settings.port) offers AUTH \(mechanisms.joined(separator: " ")); flowd-mail "
                    + "speaks PLAIN and LOGIN")
        }
    }

    /// One message: MAIL, RCPT, DATA. A refusal ends the transaction with RSET so the next message can use the
    /// connection; any other failure leaves it unusable.
    func send(_ mail: OutgoingMail, from sender: String) async throws {
        do {
            try await expect("MAIL FROM:<\(sender)>", step: "MAIL FROM") { (200...299).contains($0) }
            try await expect("RCPT TO:<\(mail.recipient)>", step: "RCPT TO <\(mail.recipient)>") {
                (200...299).contains($0)
            }
            try await expect("DATA", step: "DATA") { $0 == 354 }
            connection.send(SMTPData.encode(mail.text))
            let accepted = try await connection.reply(to: "end of data", within: settings.timeout)
            guard (200...299).contains(accepted.code) else {
                throw SMTPError.refused(step: "end of data", reply: accepted)
            }
        } catch let error as SMTPError where error.keepsConnection {
            do {
                try await expect("RSET", step: "RSET") { (200...299).contains($0) }
            } catch {
                usable = false
            }
            throw error
        } catch {
            usable = false
            throw error
        }
    }

    /// QUIT, without caring much for the answer: every message already has its own.
    func quit() async {
        if usable {
            connection.send("QUIT")
            _ = try? await connection.reply(to: "QUIT", within: min(settings.timeout, 5))
        }
        await connection.close()
    }

    private func command(_ line: String, step: String) async throws -> SMTPReply {
        connection.send(line)
        return try await connection.reply(to: step, within: settings.timeout)
    }

    /// An error names the step, never the line: AUTH lines carry the credentials.
    private func expect(_ line: String, step: String, _ accept: (Int) -> Bool) async throws {
        let reply = try await command(line, step: step)
        guard accept(reply.code) else { throw SMTPError.refused(step: step, reply: reply) }
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}
