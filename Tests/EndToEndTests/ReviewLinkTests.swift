import FlowAPI
import Foundation
import Testing

@Suite struct ReviewLinksEndToEnd {
    @Test func linksAreMintedListedRevokedAndNeverStoredOrLogged() throws {
        let port = testPort()
        let daemon = try RunningDaemon(
            extra: """
                [webhooks]
                listen = "127.0.0.1:\(port)"
                public_url = "https://review.example.com/"
                link_max_age = "3d"
                """)
        try daemon.start()
        #expect(try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"]).code == 0)
        #expect(try daemon.ctl(["--as", "ana", "submit", "1"]).code == 0)

        // Entering review minted one link for ACME's approver.
        let first = try #require(try daemon.json(["links", "1"])["links"] as? [[String: Any]])
        #expect(first.map { $0["user"] as? String } == ["carl"])
        #expect(first.first?["status"] as? String == "live")

        let minted = try daemon.json(["links", "new", "1", "--for", "carl"])
        let url = try #require(minted["url"] as? String)
        #expect(url.hasPrefix("https://review.example.com/r/"))
        let token = String(url.dropFirst("https://review.example.com/r/".count))
        #expect(token.count == 43)
        #expect(try daemon.ctl(["links", "1"]).stdout.contains(try #require(minted["hash"] as? String)))
        #expect((try daemon.json(["links", "1"])["links"] as? [[String: Any]])?.count == 2)

        // Links are the agency's to manage; another client's people do not even see the draft.
        let carl = try daemon.ctl(["--as", "carl", "links", "1"])
        #expect(carl.code == 3)
        #expect(carl.stderr.contains("may not manage review links"))
        #expect(try daemon.ctl(["--as", "eve", "links", "1"]).code == 4)
        let dora = try daemon.ctl(["links", "new", "1", "--for", "dora"])
        #expect(dora.code == 1)
        #expect(dora.stderr.contains(#""dora" is not a reviewer of draft 1 now"#))

        let revoked = try daemon.json(["links", "revoke", "1", "--for", "carl"])
        #expect(revoked["revoked"] as? Int == 2)
        #expect((try daemon.json(["links", "1"])["links"] as? [[String: Any]])?.isEmpty == true)
        let all = try #require(try daemon.json(["links", "1", "--all"])["links"] as? [[String: Any]])
        #expect(all.count == 2)
        #expect(all.allSatisfy { $0["status"] as? String == "revoked" && $0["detail"] as? String == "revoked by ops" })

        // The token itself is in neither the database nor the log.
        daemon.stop()
        for file in [daemon.database, daemon.database + "-wal", daemon.logPath] {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            #expect(bytes.range(of: Data(token.utf8)) == nil, "the token is in \(file)")
        }
    }

    @Test func withoutAPublicAddressThereAreNoLinks() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        #expect(try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"]).code == 0)
        #expect(try daemon.ctl(["--as", "ana", "submit", "1"]).code == 0)
        #expect((try daemon.json(["links", "1"])["links"] as? [[String: Any]])?.isEmpty == true)
        let refused = try daemon.ctl(["links", "new", "1", "--for", "carl"])
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("no webhooks.public_url"))
    }
}
