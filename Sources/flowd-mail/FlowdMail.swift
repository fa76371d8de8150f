import ArgumentParser
import FlowMail
import Foundation
import NIOCore
import NIOSSL

#if canImport(Glibc)
    import Glibc
#endif

/// flowd-mail: a `[[notify]] command` sink that turns a notification into mail. It reads flowd's JSON envelope on
/// standard input and sends each person it names who has an e-mail address their own message (plain text and
/// HTML, in their language, with their review link) by SMTP to a relay, or through a sendmail program that needs
/// no privileges. Exit 0 once every message was taken; anything else and flowd retries the row, and the people
/// already mailed are skipped (their Message-IDs are in the sink's state directory).
@main
struct FlowdMail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flowd-mail",
        abstract: "Send flowd notifications as mail by SMTP (a [[notify]] command sink).",
        discussion: """
            [[notify]]
            name = "mail"
            command = ["/usr/local/bin/flowd-mail", "--from", "flowd@agency.example"]
            events = ["submit", "remind", "escalate", "request-changes", "approved"]
            timeout = "60s"

            Without --sendmail, mail goes by SMTP to --smtp (localhost:25: a local exim4 or postfix daemon). \
            A remote relay: --smtp relay.example:587 --starttls require --auth-file /etc/flowd/smtp-auth. \
            Debian's own sendmail (exim4, postfix) does not work under flowd's unit: NoNewPrivileges=yes keeps \
            it from writing its queue.

            flowd gives the sink a directory of its own in FLOWD_SINK_STATE; the Message-IDs delivered are \
            recorded there, so a retry mails only those a failure left out.
            """)

    @Option(help: "The From address (the header; the address in it is also the envelope sender).")
    var from: String = "flowd@localhost"

    @Option(help: "The SMTP relay, HOST:PORT ([IPv6]:PORT; PORT defaults to 25). Default: localhost:25.")
    var smtp: String?

    @Option(
        help: ArgumentHelp(
            "When to use STARTTLS: auto, require, never. Default: auto.",
            discussion: """
                auto uses it whenever the server offers it, except on a loopback address: the connection does not \
                leave the machine, and a local MTA's certificate is self-signed. require fails when the server \
                does not offer it. A certificate is always verified, against the system's trust store or \
                --tls-ca, for --tls-name.
                """))
    var starttls: StartTLSMode?

    @Option(name: .customLong("tls-ca"), help: "PEM certificates to trust instead of the system's (a private CA).")
    var tlsCA: String?

    @Option(
        name: .customLong("tls-name"),
        help: "The name the server's certificate must carry. Default: the --smtp host (for an IP, that address).")
    var tlsName: String?

    @Option(
        name: .customLong("auth-file"),
        help: """
            A file with the SMTP AUTH credentials, user:password or the user and the password on two lines \
            (PLAIN or LOGIN). Sent only over TLS, or to a relay on a loopback address.
            """)
    var authFile: String?

    @Option(help: "The name to greet the server with (EHLO). Default: this machine's host name.")
    var helo: String?

    @Option(help: "Seconds to wait for each step of the exchange (connect, each reply; sendmail: each message).")
    var timeout: Double = 20

    @Option(
        name: .customLong("state-dir"),
        help: "Where delivered Message-IDs are recorded. Default: $FLOWD_SINK_STATE, which flowd sets.")
    var stateDir: String?

    @Option(
        name: .customLong("media-dir"),
        help: "Where the post's pictures are, to show the first one small. Default: $FLOWD_MEDIA, which flowd sets.")
    var mediaDir: String?

    @Option(
        help: """
            Hand each message to this sendmail program instead of SMTP; only for one that needs no privileges \
            (msmtp).
            """)
    var sendmail: String?

    @Option(
        help: ArgumentHelp(
            "Deliver into Maildirs under this directory instead: DIR/<the address's local part>/new.",
            discussion: """
                For trying flowd out and for tests, where no MTA runs: carl@acme.example's mail lands in \
                DIR/carl/, readable with any mail reader (mutt -f DIR/carl). A relative DIR is taken from the \
                directory flowd's config file is in.
                """))
    var maildir: String?

    func validate() throws {
        if sendmail != nil, smtp != nil || starttls != nil || tlsCA != nil || tlsName != nil || authFile != nil {
            throw ValidationError("--sendmail hands mail to a program; the SMTP options do not go with it")
        }
        if maildir != nil, sendmail != nil || smtp != nil || starttls != nil || authFile != nil {
            throw ValidationError(
                "--maildir delivers on this machine; --sendmail and the SMTP options do not go with it")
        }
        if Self.relay(smtp ?? "localhost:25") == nil {
            throw ValidationError("--smtp \(smtp ?? ""): expected HOST:PORT")
        }
        if Self.envelopeSender(from) == nil {
            throw ValidationError("--from \(from): expected an address like flowd@agency.example")
        }
        if let helo, !Self.isHostName(helo) { throw ValidationError("--helo \(helo): expected a host name") }
        guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout: between 0 and 600 seconds") }
    }

    func run() async throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        guard input.count <= 1 << 20, let envelope = MailEnvelope.decode(input) else {
            throw ValidationError("standard input is not a flowd notification (JSON, at most 1 MiB)")
        }
        // flowd sets WEBHOOK_ID, the same on every retry; run by hand, the Message-IDs are this run's own.
        let id = ProcessInfo.processInfo.environment["WEBHOOK_ID"] ?? UUID().uuidString
        let media = mediaDir ?? ProcessInfo.processInfo.environment["FLOWD_MEDIA"]
        let picture = media.flatMap { directory in
            MailPicture.first(of: envelope.draft.media ?? []) { MediaFile.read($0, in: directory) }
        }
        let texts = MailNotice(envelope: envelope).addressed(from: from, id: id, now: Date(), picture: picture)
        if texts.isEmpty {
            // flowd shows this line in `flowctl deliveries`: a notification nobody could be mailed is no mail sent.
            print("skipped: nobody to mail: no one it concerns has an address")
            return
        }

        let log = openLog()
        log?.prune()
        let transport = try makeTransport()
        var failed = 0
        var skipped = 0
        var sent: [String] = []
        for (person, text) in texts {
            guard let mail = OutgoingMail(text, person: person) else {
                report("a message without To: or Message-ID: was not sent")
                failed += 1
                continue
            }
            if let log, log.contains(mail.messageID) {
                skipped += 1
                continue
            }
            do {
                try await transport.deliver(mail)
            } catch {
                report("\(mail.recipient): not sent: \(error)")
                failed += 1
                continue
            }
            sent.append(mail.recipient)
            do {
                try log?.record(mail.messageID, recipient: mail.recipient)
            } catch {
                report("\(mail.recipient): sent, but a retry would send it again: \(error)")
            }
        }
        await transport.finish()
        if skipped > 0 { report("\(skipped) of \(texts.count) already sent by an earlier attempt; not sent again") }
        // The last line on standard output is what `flowctl deliveries` shows for the attempt.
        if !sent.isEmpty {
            print("mailed " + sent.joined(separator: ", "))
        } else if failed == 0 {
            print("sent earlier: \(skipped) message(s)")
        }
        if failed > 0 {
            report("\(failed) of \(texts.count) not sent; exiting 75 so flowd tries again")
            throw ExitCode(75)
        }
    }

    /// --state-dir, else the directory flowd keeps for this sink; without either, every attempt mails everyone.
    func openLog() -> DeliveredLog? {
        guard let directory = stateDir ?? ProcessInfo.processInfo.environment["FLOWD_SINK_STATE"], !directory.isEmpty
        else {
            report("no state directory (FLOWD_SINK_STATE or --state-dir): a retry will mail everyone again")
            return nil
        }
        do {
            return try DeliveredLog(directory: directory)
        } catch {
            report("\(error): a retry will mail everyone again")
            return nil
        }
    }

    func makeTransport() throws -> any MailTransport {
        let sender = Self.envelopeSender(from) ?? from
        if let maildir { return MaildirTransport(root: maildir) }
        if let sendmail { return SendmailTransport(program: sendmail, sender: sender, timeout: timeout) }
        guard let (host, port) = Self.relay(smtp ?? "localhost:25") else { throw ValidationError("--smtp") }
        let mode = starttls ?? .auto
        var tls: NIOSSLContext?
        if mode != .never {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .fullVerification
            if let tlsCA { configuration.trustRoots = .file(tlsCA) }
            do {
                tls = try NIOSSLContext(configuration: configuration)
            } catch {
                throw ValidationError("cannot set up TLS\(tlsCA.map { " with --tls-ca \($0)" } ?? ""): \(error)")
            }
        }
        // SNI and the certificate check take a name; for an IP address NIOSSL checks the address itself.
        let name = tlsName ?? ((try? SocketAddress(ipAddress: host, port: port)) == nil ? host : nil)
        return SMTPTransport(
            settings: SMTPSettings(
                host: host, port: port, startTLS: mode, tls: tls, tlsName: name,
                credentials: try authFile.map { try Credentials.read(path: $0) },
                helo: helo ?? Self.hostName(), timeout: timeout),
            sender: sender)
    }

    /// HOST:PORT, [IPv6]:PORT, or a host alone (port 25).
    static func relay(_ text: String) -> (host: String, port: Int)? {
        var host = Substring(text)
        var port = 25
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = Int(rest.dropFirst()) else { return nil }
                port = number
            }
        } else if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon {
            host = text[..<colon]
            guard let number = Int(text[text.index(after: colon)...]) else { return nil }
            port = number
        }
        guard !host.isEmpty, (1...65_535).contains(port), !host.contains(where: { $0 == " " || $0 == "/" }) else {
            return nil
        }
        return (String(host), port)
    }

    /// The address the envelope carries: the part in angle brackets of `Name <a@b>`, or the whole.
    static func envelopeSender(_ from: String) -> String? {
        var address = Substring(from)
        if let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close {
            address = from[from.index(after: open)..<close]
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, address.utf8.count <= 254,
            address.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && !"<>,\"()[];:\\".utf8.contains($0) })
        else { return nil }
        return String(address)
    }

    static func isHostName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 253
            && name.utf8.allSatisfy { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || isalnum(Int32($0)) != 0 }
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return isHostName(name) ? name : "localhost"
    }
}

/// A line on standard error, which flowd passes on to its own (the journal, under the unit).
func report(_ text: String) {
    FileHandle.standardError.write(Data("flowd-mail: \(text)\n".utf8))
}
