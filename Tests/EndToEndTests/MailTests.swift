import FlowAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The local mailbox the Debian MTA (exim4, local delivery; scripts/setup installs it) delivers to.
private let mailbox = "/var/mail/flowdmail"

private let mailboxScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Browser/read_mailbox.py").path

struct DeliveredMail: Decodable {
    var subject: String
    var from: String
    var to: String
    var messageId: String
    var contentType: String
    var plain: String
    var html: String

    enum CodingKeys: String, CodingKey {
        case subject, from, to, plain, html
        case messageId = "message_id"
        case contentType = "content_type"
    }
}

func delivered(containing marker: String) throws -> [DeliveredMail] {
    guard FileManager.default.fileExists(atPath: mailbox) else { return [] }
    let outcome = try runProgram("/usr/bin/env", ["python3", mailboxScript, mailbox, marker])
    return (try? JSONDecoder().decode([DeliveredMail].self, from: Data(outcome.stdout.utf8))) ?? []
}

@Suite(.serialized) struct MailEndToEnd {
    @Test func aReviewerGetsMailInTheirLanguageFollowsTheLinkAndApproves() throws {
        let port = testPort()
        let marker = "Launch " + UUID().uuidString.prefix(8)
        let users = RunningDaemon.standardUsers.replacingOccurrences(
            of: "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\n",
            with:
                "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\nemail = \"flowdmail@localhost\"\nlocale = \"de\"\n"
        )
        let daemon = try RunningDaemon(
            users: users,
            extra: """
                [webhooks]
                listen = "127.0.0.1:\(port)"
                public_url = "http://127.0.0.1:\(port)"

                [[notify]]
                name = "mail"
                command = ["\(binDirectory)/flowd-mail", "--from", "flowd@agency.example"]
                events = ["submitted"]
                """)
        try daemon.start()
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

        // The link from the mail, in a real browser: read in German, approve.
        let approved = try browse(link, do: "approve", shots: "mail-link-de")
        #expect(approved.h1 == "Zur Freigabe: ACME")
        #expect(approved.after?.h1 == "Danke: Sie haben Version 1 freigegeben.")
        #expect(try daemon.json(["show", "1"])["state"] as? String == "approved")
    }

    @Test func theDailyDigestListsWhatWaitsForAnApproverWithTheirLinksOncePerDay() throws {
        let port = testPort()
        let marker = UUID().uuidString.prefix(8)
        let users = RunningDaemon.standardUsers.replacingOccurrences(
            of: "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\n",
            with: "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\nemail = \"flowdmail@localhost\"\n")
        let daemon = try RunningDaemon(
            users: users,
            extra: """
                [digest]
                at = "00:00"

                [webhooks]
                listen = "127.0.0.1:\(port)"
                public_url = "http://127.0.0.1:\(port)"

                [[notify]]
                name = "mail"
                command = ["\(binDirectory)/flowd-mail"]
                events = ["digest"]
                """)
        try daemon.start()
        for title in ["Digest A \(marker)", "Digest B \(marker)"] {
            let created = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", title, "--body", "B"])
            #expect(try daemon.ctl(["--as", "ana", "submit", "\(try #require(created["id"] as? Int))"]).code == 0)
        }
        // At start nothing waited, so nothing was sent; a reload looks again, and today's digest is due since 00:00.
        kill(try #require(daemon.pid), SIGHUP)
        #expect(daemon.waitFor(20) { ((try? delivered(containing: String(marker))) ?? []).count == 1 }, "no digest")
        let digest = try #require(try delivered(containing: String(marker)).first)
        #expect(digest.subject == "Waiting for you: 2 posts (ACME)")
        #expect(digest.plain.contains("• Digest A \(marker)") && digest.plain.contains("• Digest B \(marker)"))
        let links = digest.plain.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("http://127.0.0.1:\(port)/r/") }
        #expect(links.count == 2)
        #expect(try fetch(try #require(links.first)).status == 200)
        // Once per day: another look sends nothing more.
        kill(try #require(daemon.pid), SIGHUP)
        Thread.sleep(forTimeInterval: 1)
        #expect(try delivered(containing: String(marker)).count == 1)
        #expect(daemon.log.contains("digest sent"))
    }
}
