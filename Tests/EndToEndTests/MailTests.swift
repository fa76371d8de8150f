import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// carl (and eve) with addresses, and a config for the sandbox: the admin's uid is rewritten there.
private func mailUsers(_ carl: String, eve: String? = nil, approvers: String = "[\"carl\"]") -> String {
    var users = RunningDaemon.standardUsers.replacingOccurrences(
        of: "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\n",
        with: "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\n\(carl)")
    if let eve {
        users = users.replacingOccurrences(
            of: "name = \"eve\"\nside = \"company\"\nroles = [\"approver\"]\n",
            with: "name = \"eve\"\nside = \"company\"\nroles = [\"approver\"]\n\(eve)")
    }
    return users.replacingOccurrences(of: "approvers = [\"carl\"]", with: "approvers = \(approvers)")
}

@Suite(.serialized) struct MailEndToEnd {
    @Test func aReviewerGetsMailInTheirLanguageFollowsTheLinkAndApproves() throws {
        let mta = try LocalMTA()
        let port = testPort()
        let marker = "Launch " + UUID().uuidString.prefix(8)
        let sandboxed = try SandboxedDaemon(
            users: mailUsers("email = \"flowdmail@localhost\"\nlocale = \"de\"\n"),
            extra: """
                [webhooks]
                listen = "127.0.0.1:\(port)"
                public_url = "http://127.0.0.1:\(port)"

                [[notify]]
                name = "mail"
                command = ["\(binDirectory)/flowd-mail", "--from", "flowd@agency.example", "--smtp", "127.0.0.1:\(mta.port)"]
                events = ["submitted"]
                """)
        let daemon = sandboxed.daemon
        try sandboxed.start()
        _ = try daemon.json([
            "--as", "ana", "new", "--client", "acme", "--title", marker, "--body", "We launch on May 1.",
        ])
        #expect(try daemon.ctl(["--as", "ana", "submit", "1"]).code == 0)

        #expect(daemon.waitFor(20) { ((try? delivered(containing: marker)) ?? []).count == 1 }, "no mail arrived")
        let mail = try #require(try delivered(containing: marker).first)
        #expect(mail.subject == "Zur Freigabe: „\(marker)“ (ACME)")
        #expect(mail.from == "flowd@agency.example")
        #expect(mail.to == "flowdmail@localhost")
        #expect(mail.contentType == "multipart/alternative")
        #expect(mail.plain.hasPrefix("Hallo Carl,"))
        #expect(mail.html.contains(#"<html lang="de">"#))
        let link = try #require(
            mail.plain.split(separator: "\n").first { $0.hasPrefix("http://127.0.0.1:\(port)/r/") }.map(String.init))
        #expect(mail.html.contains(link))
        // The mail lands before flowd-mail exits and flowd records the delivery: wait for the record too.
        #expect(try daemon.waitFor(10) { try daemon.deliveries().first?["state"] as? String == "delivered" })
        #expect(!daemon.log.contains("flowd-mail:"), "flowd-mail complained: \(daemon.log)")

        // The sink's state directory: flowd made it (0700, its own uid) in its StateDirectory, the one place the
        // sandbox leaves writable, and flowd-mail recorded the message there.
        var info = stat()
        #expect(stat(sandboxed.sinkState("mail"), &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700 && info.st_uid == SandboxedDaemon.uid)
        let records = try FileManager.default.contentsOfDirectory(atPath: sandboxed.sinkState("mail"))
        #expect(records.filter { $0.hasPrefix("sent-") }.count == 1)

        // The link from the mail, in a real browser: read in German, approve.
        let approved = try browse(link, do: "approve", shots: "mail-link-de")
        #expect(approved.h1 == "Zur Freigabe: ACME")
        #expect(approved.after?.h1 == "Danke: Sie haben Version 1 freigegeben.")
        #expect(try daemon.json(["show", "1"])["state"] as? String == "approved")
    }

    @Test func theDailyDigestListsWhatWaitsForAnApproverWithTheirLinksOncePerDay() throws {
        let mta = try LocalMTA()
        let port = testPort()
        let marker = UUID().uuidString.prefix(8)
        let sandboxed = try SandboxedDaemon(
            users: mailUsers("email = \"flowdmail@localhost\"\n"),
            extra: """
                [digest]
                at = "00:00"

                [webhooks]
                listen = "127.0.0.1:\(port)"
                public_url = "http://127.0.0.1:\(port)"

                [[notify]]
                name = "mail"
                command = ["\(binDirectory)/flowd-mail", "--smtp", "127.0.0.1:\(mta.port)"]
                events = ["digest"]
                """)
        let daemon = sandboxed.daemon
        try sandboxed.start()
        for title in ["Digest A \(marker)", "Digest B \(marker)"] {
            let created = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", title, "--body", "B"])
            #expect(try daemon.ctl(["--as", "ana", "submit", "\(try #require(created["id"] as? Int))"]).code == 0)
        }
        // At start nothing waited, so nothing was sent; a reload looks again, and today's digest is due since 00:00.
        kill(try #require(sandboxed.pid), SIGHUP)
        #expect(daemon.waitFor(20) { ((try? delivered(containing: String(marker))) ?? []).count == 1 }, "no digest")
        let digest = try #require(try delivered(containing: String(marker)).first)
        #expect(digest.subject == "Waiting for you: 2 posts (ACME)")
        #expect(digest.plain.contains("• Digest A \(marker)") && digest.plain.contains("• Digest B \(marker)"))
        let links = digest.plain.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("http://127.0.0.1:\(port)/r/") }
        #expect(links.count == 2)
        #expect(try fetch(try #require(links.first)).status == 200)
        // Once per day: another look sends nothing more.
        let reloads = daemon.log.components(separatedBy: "configuration reloaded").count
        kill(try #require(sandboxed.pid), SIGHUP)
        #expect(daemon.waitFor(10) { daemon.log.components(separatedBy: "configuration reloaded").count > reloads })
        Thread.sleep(forTimeInterval: 1)
        #expect(try delivered(containing: String(marker)).count == 1)
        #expect(daemon.log.contains("digest sent"))
    }

    @Test func aRecipientTheRelayRefusesIsRetriedAloneSoNobodyIsMailedTwice() throws {
        let peer = try SMTPPeer(["--refuse-once", "eve@acme.example"])
        let sandboxed = try SandboxedDaemon(
            users: mailUsers(
                "email = \"carl@acme.example\"\n", eve: "email = \"eve@acme.example\"\n",
                approvers: "[\"carl\", \"eve\"]"),
            extra: """
                [[notify]]
                name = "mail"
                command = ["\(binDirectory)/flowd-mail", "--smtp", "127.0.0.1:\(peer.port)"]
                events = ["submitted"]
                backoff = "200ms"
                """)
        let daemon = sandboxed.daemon
        try sandboxed.start()
        _ = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "Two approvers", "--body", "B"])
        #expect(try daemon.ctl(["--as", "ana", "submit", "1"]).code == 0)

        // The first attempt: carl's message taken, eve's RCPT answered 451; flowd-mail exits 75 and flowd retries
        // the row, with the same webhook-id and so the same Message-IDs: only eve's goes again.
        #expect(try daemon.waitFor(20) { try daemon.deliveries().first?["state"] as? String == "delivered" })
        let row = try #require(try daemon.deliveries().first)
        #expect(row["attempts"] as? Int == 2)
        #expect(peer.recipients.sorted() == ["carl@acme.example", "eve@acme.example"])
        #expect(peer.events.filter { $0["event"] as? String == "refused" }.count == 1)
        #expect(daemon.log.contains("eve@acme.example: not sent: RCPT TO <eve@acme.example>: the server answered 451"))
        #expect(daemon.log.contains("1 of 2 already sent by an earlier attempt; not sent again"))
        let messages = peer.events.filter { $0["event"] as? String == "message" }
        #expect(Set(messages.compactMap { ($0["data"] as? String)?.firstMatch(of: /Message-ID: (\S+)/)?.1 }).count == 2)
    }

    @Test func aRemoteRelayGetsTheCredentialsOnlyOverAVerifiedTLSConnection() throws {
        let scratch = NSTemporaryDirectory() + "flowd-mail-tls-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // A certificate for the name localhost only (no IP address in it), which no system trusts.
        let openssl = try runProgram(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                "-keyout", scratch + "/key.pem", "-out", scratch + "/cert.pem",
            ])
        try #require(openssl.code == 0, "openssl: \(openssl.stderr)")
        let password = "pa ss:wörd"
        try "flowd:\(password)\n".write(toFile: scratch + "/auth", atomically: true, encoding: .utf8)
        chmod(scratch + "/auth", 0o600)
        let peer = try SMTPPeer([
            "--tls", scratch + "/cert.pem", scratch + "/key.pem", "--auth", "flowd:\(password)",
        ])
        let envelope = """
            {"type": "submitted", "data": {"draft": {"title": "Relayed", "client_name": "ACME"},
             "notify": [{"name": "carl", "email": "carl@acme.example"}], "links": {}}}
            """
        var attempt = 0
        func mail(_ options: [String]) throws -> Outcome {
            attempt += 1
            let outcome = try runProgram(
                binDirectory + "/flowd-mail",
                ["--from", "flowd@agency.example", "--state-dir", scratch + "/state", "--auth-file", scratch + "/auth"]
                    + options,
                stdin: envelope, environment: ["WEBHOOK_ID": "msg_tls_\(attempt)"])
            #expect(!outcome.stderr.contains(password) && !outcome.stderr.contains("wörd"))
            return outcome
        }

        // Verified against the test's CA, for the name the certificate carries; then AUTH, inside TLS.
        #expect(
            try mail(["--smtp", "localhost:\(peer.port)", "--starttls", "require", "--tls-ca", scratch + "/cert.pem"])
                .code == 0)
        #expect(peer.events.map { $0["event"] as? String } == ["auth", "message"])
        #expect(peer.events.allSatisfy { $0["tls"] as? Bool == true })
        #expect(peer.events.last?["user"] as? String == "flowd")

        // A certificate that does not verify, for want of the CA or for another name: nothing is sent, not even
        // the credentials, and flowd will retry.
        for options in [
            ["--smtp", "localhost:\(peer.port)"],
            ["--smtp", "localhost:\(peer.port)", "--tls-ca", scratch + "/cert.pem", "--tls-name", "relay.example"],
        ] {
            let refused = try mail(options + ["--starttls", "require"])
            #expect(refused.code == 75)
            #expect(refused.stderr.contains("TLS with localhost:\(peer.port) failed"), "\(refused.stderr)")
        }
        #expect(peer.events.count == 2)

        // On a loopback address auto leaves TLS out (the connection never leaves the machine) and AUTH is allowed.
        #expect(try mail(["--smtp", "127.0.0.1:\(peer.port)"]).code == 0)
        #expect(peer.events.suffix(2).map { $0["tls"] as? Bool } == [false, false])
        #expect(peer.events.last?["user"] as? String == "flowd")
    }

    @Test func aServerWithoutEHLOGetsHELOAndRequireRefusesAServerWithoutSTARTTLS() throws {
        let peer = try SMTPPeer(["--no-ehlo"])
        let scratch = NSTemporaryDirectory() + "flowd-mail-helo-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let envelope = """
            {"type": "approved", "data": {"draft": {"title": "Old server", "client_name": "ACME"},
             "notify": [{"name": "carl", "email": "carl@acme.example"}, {"name": "eve", "email": "eve@acme.example"}]}}
            """
        let required = try runProgram(
            binDirectory + "/flowd-mail", ["--smtp", "127.0.0.1:\(peer.port)", "--starttls", "require"],
            stdin: envelope, environment: ["WEBHOOK_ID": "msg_helo"])
        #expect(required.code == 75)
        #expect(required.stderr.contains("does not offer STARTTLS"))
        #expect(required.stderr.contains("no state directory"))
        #expect(peer.recipients.isEmpty)

        let plain = try runProgram(
            binDirectory + "/flowd-mail", ["--smtp", "127.0.0.1:\(peer.port)", "--state-dir", scratch],
            stdin: envelope, environment: ["WEBHOOK_ID": "msg_helo"])
        #expect(plain.code == 0, "\(plain.stderr)")
        #expect(peer.recipients == ["carl@acme.example", "eve@acme.example"])
    }

    /// `--sendmail`: the program gets the recipient on its command line and the message with Unix line ends on its
    /// standard input; one that exits without reading fails its message by its status, and one that hangs is
    /// stopped at the timeout with what it started.
    @Test func aSendmailProgramGetsTheRecipientAndTheMessageAndIsHeldToItsTimeout() throws {
        let scratch = NSTemporaryDirectory() + "flowd-mail-sendmail-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        func program(_ name: String, _ body: String) throws -> String {
            let path = scratch + "/" + name
            try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
            return path
        }
        let envelope = """
            {"type": "submitted", "data": {"draft": {"title": "By sendmail", "client_name": "ACME"},
             "notify": [{"name": "carl", "email": "carl@acme.example"}], "links": {}}}
            """
        func mail(_ sendmail: String, _ options: [String] = []) throws -> Outcome {
            try runProgram(
                binDirectory + "/flowd-mail", ["--from", "flowd@agency.example", "--sendmail", sendmail] + options,
                stdin: envelope, environment: ["WEBHOOK_ID": "msg_sendmail"])
        }

        let taken = try mail(try program("taker", "echo \"$@\" > \(scratch)/argv; cat > \(scratch)/message"))
        #expect(taken.code == 0, "\(taken.stderr)")
        #expect(
            try String(contentsOfFile: scratch + "/argv", encoding: .utf8)
                == "-oi -f flowd@agency.example -- carl@acme.example\n")
        let message = try String(contentsOfFile: scratch + "/message", encoding: .utf8)
        #expect(message.contains("To: carl@acme.example\n") && !message.contains("\r"), "\(message)")
        #expect(message.contains("Message-ID: <msg_sendmail.carl@flowd>\n"))

        let refusing = try mail(try program("refuser", "exit 69"))
        #expect(refusing.code == 75)
        #expect(refusing.stderr.contains("exited with 69"), "\(refusing.stderr)")

        let started = Date()
        let hanging = try mail(
            try program("hanger", "sleep 60 & echo $! > \(scratch)/child; sleep 60"), ["--timeout", "1"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(hanging.code == 75)
        #expect(hanging.stderr.contains("did not finish within 1s"), "\(hanging.stderr)")
        // What it started went with it: gone, or dead and not yet reaped.
        let child = try String(contentsOfFile: scratch + "/child", encoding: .utf8).split(separator: "\n").first
        let stat = try? String(contentsOfFile: "/proc/\(child ?? "")/stat", encoding: .utf8)
        #expect(stat == nil || stat?.split(separator: " ")[2] == "Z", "\(stat ?? "")")
    }
}
