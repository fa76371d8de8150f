import FlowAPI
import Foundation
import Testing

/// A review link is its person's alone (issue 29): before, ana, the author, printed carl's live link with
/// `flowctl links new 7 --for carl`, approved through it, and the history said "carl approved via review-link".
@Suite struct LinkOwnershipEndToEnd {
    /// A daemon with a public address and a JSON command sink that takes reminders, appending each payload to a file.
    static func daemon(port: Int, outbox: String) throws -> RunningDaemon {
        try RunningDaemon(
            extra: """
                [webhooks]
                listen = "127.0.0.1:\(port)"
                public_url = "http://127.0.0.1:\(port)"

                [[notify]]
                name = "mail"
                command = ["/bin/sh", "-c", "cat >> \(outbox); echo >> \(outbox)"]
                events = ["reminder"]
                """)
    }

    @Test func theAuthorCannotSeeAReviewersLinkAndSendsItToThemInstead() throws {
        let port = testPort()
        let outbox = NSTemporaryDirectory() + "flowd-sink-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: outbox) }
        let daemon = try Self.daemon(port: port, outbox: outbox)
        try daemon.start()
        #expect(try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"]).code == 0)
        #expect(try daemon.ctl(["--as", "ana", "submit", "1"]).code == 0)

        let refused = try daemon.ctl(["--as", "ana", "links", "new", "1", "--for", "carl"])
        #expect(refused.code == 3)
        #expect(refused.stderr.contains("ana may not see carl's review link"))
        #expect(!refused.stdout.contains("/r/"))
        #expect(try daemon.actions(1) == ["create", "submit"], "a refusal leaves the history as it was")

        let sent = try daemon.json(["--as", "ana", "links", "send", "1", "--for", "carl"])
        #expect(sent["sinks"] as? [String] == ["mail"])
        #expect(sent["url"] == nil)
        #expect(try daemon.actions(1) == ["create", "submit", "link-sent"])
        #expect(
            daemon.waitFor(10) {
                ((try? String(contentsOfFile: outbox, encoding: .utf8)) ?? "").contains("/r/")
            }, "the sink got no link")
        let payload = try #require(
            try String(contentsOfFile: outbox, encoding: .utf8).split(separator: "\n").last { $0.contains("/r/") })
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        let data = try #require(envelope["data"] as? [String: Any])
        #expect((data["notify"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["carl"])
        let links = try #require(data["links"] as? [String: String])
        #expect(Array(links.keys) == ["carl"])
        let url = try #require(links["carl"])
        #expect(url.hasPrefix("http://127.0.0.1:\(port)/r/"))
        #expect(try fetch(url).status == 200)

        // The outbox keeps a placeholder: the address is in neither the database nor the log.
        daemon.stop()
        let token = String(url.split(separator: "/").last ?? "")
        for file in [daemon.database, daemon.database + "-wal", daemon.logPath] {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            #expect(bytes.range(of: Data(token.utf8)) == nil, "the token is in \(file)")
        }
    }

    @Test func anAdminWhoWroteTheRevisionAndSawTheLinkCannotHaveItDecide() throws {
        let port = testPort()
        let daemon = try RunningDaemon(
            extra: "[webhooks]\nlisten = \"127.0.0.1:\(port)\"\npublic_url = \"http://127.0.0.1:\(port)\"\n")
        try daemon.start()
        // ops, an admin, writes revision 1 as ana, then asks for carl's link: the history records that ops saw it.
        let new = ["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"]
        #expect(try daemon.ctl(new, impersonate: true).code == 0)
        #expect(try daemon.ctl(["--as", "ana", "submit", "1"], impersonate: true).code == 0)
        let url = try #require(try daemon.json(["links", "new", "1", "--for", "carl"])["url"] as? String)
        let events = try #require(try daemon.json(["log", "1"])["events"] as? [[String: Any]])
        let shown = try #require(events.last)
        #expect(shown["action"] as? String == "link-shown")
        #expect((shown["data"] as? [String: String])?["shown_to"] == "ops")
        let listed = try #require(try daemon.json(["links", "1"])["links"] as? [[String: Any]])
        #expect(listed.contains { $0["shown_to"] as? String == "ops" })

        let page = try fetch(url)
        let token = try #require(csrf(page))
        let refused = try fetch(url, form: ["csrf": token, "action": "approve"])
        #expect(refused.status == 409)
        #expect(refused.body.contains("ops wrote revision 1 (ops as ana) and saw carl&#39;s link: four eyes"))
        #expect(try daemon.json(["show", "1"])["state"] as? String == "review")
        #expect(try daemon.actions(1) == ["create", "submit", "link-shown"])

        // Carl's own link, asked for by carl himself, decides.
        let own = try #require(
            try daemon.json(["--as", "carl", "links", "new", "1", "--for", "carl"])["url"] as? String)
        let approved = try fetch(own, form: ["csrf": try #require(csrf(try fetch(own))), "action": "approve"])
        #expect(approved.status == 303)
        #expect(try daemon.json(["show", "1"])["state"] as? String == "approved")
        // carl may see his own link only.
        let others = try daemon.ctl(["--as", "carl", "links", "new", "1", "--for", "dora"])
        #expect(others.code != 0)
    }
}
