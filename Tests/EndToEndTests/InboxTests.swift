import Foundation
import Testing

/// A client approver's inbox: one link per person, carried by every notice that gives them a review link, to a page
/// that lists everything waiting for them across drafts, soonest deadline first, each opening its review page.
@Suite struct InboxEndToEnd {
    static func daemon(port: Int, outbox: String) throws -> RunningDaemon {
        try RunningDaemon(
            // carl reviews for both clients: each client's notices carry an inbox of that client's posts alone.
            users: RunningDaemon.standardUsers
                + RunningDaemon.globex.replacingOccurrences(
                    of: "approvers = [\"gil\"]", with: "approvers = [\"gil\", \"carl\"]"),
            extra: """
                [lanes.normal]
                review_sla = "1d"

                [lanes.urgent]
                review_sla = "2h"

                """ + listenerWithOutbox(port: port, outbox: outbox))
    }

    /// The public listener, and a command sink that appends every submitted notice to `outbox`, one a line, as a
    /// mailer would take them.
    static func listenerWithOutbox(port: Int, outbox: String) -> String {
        """
        [webhooks]
        listen = "127.0.0.1:\(port)"
        public_url = "http://127.0.0.1:\(port)"

        [[notify]]
        name = "mailer"
        command = ["/bin/sh", "-c", "cat >> \(outbox); echo >> \(outbox)"]
        events = ["submitted"]

        """
    }

    /// Each submitted notice's inbox links, by draft title.
    static func inboxes(_ outbox: String) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for (draft, data) in notices(outbox) {
            guard let title = draft["title"] as? String else { continue }
            out[title] = data["inboxes"] as? [String: String] ?? [:]
        }
        return out
    }

    /// carl's own review link from the notice about `title` at `revision`: as his mail brings it, shown to no one.
    static func carlsLink(_ outbox: String, title: String, revision: Int = 1) -> String? {
        notices(outbox).last {
            $0.draft["title"] as? String == title && $0.draft["revision"] as? Int == revision
        }.flatMap { ($0.data["links"] as? [String: String])?["carl"] }
    }

    /// Each notice's draft and data, in the order they came.
    static func notices(_ outbox: String) -> [(draft: [String: Any], data: [String: Any])] {
        let lines = ((try? String(contentsOfFile: outbox, encoding: .utf8)) ?? "").split(separator: "\n")
        return lines.compactMap { line in
            guard let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let data = json["data"] as? [String: Any], let draft = data["draft"] as? [String: Any]
            else { return nil }
            return (draft, data)
        }
    }

    /// `body` with a started daemon, its public listener's port and the file its notices go to; both gone after.
    static func running(_ body: (RunningDaemon, _ port: Int, _ outbox: String) throws -> Void) throws {
        let port = testPort()
        let outbox = NSTemporaryDirectory() + "flowd-inbox-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: outbox) }
        let daemon = try Self.daemon(port: port, outbox: outbox)
        try daemon.start()
        defer { _ = daemon.stop() }
        try body(daemon, port, outbox)
    }

    @Test func carlSeesEverythingWaitingForHimSoonestFirstAndNothingOfAnotherClient() throws {
        try Self.running { daemon, port, outbox in try Self.carlsInbox(daemon, port: port, outbox: outbox) }
    }

    static func carlsInbox(_ daemon: RunningDaemon, port: Int, outbox: String) throws {
        for (title, client, lane) in [
            ("Calm post", "acme", "normal"), ("Hurry post", "acme", "urgent"), ("Later post", "acme", "normal"),
            ("Globex post", "globex", "normal"),
        ] {

            let created = try daemon.json([
                "--as", "ana", "new", "--client", client, "--title", title, "--body", "B", "--lane", lane,
            ])
            let id = try #require(created["id"] as? Int)
            #expect(try daemon.ctl(["--as", "ana", "submit", "\(id)"]).code == 0)
        }
        #expect(daemon.waitFor(10) { Self.inboxes(outbox).count == 4 }, "four submitted notices")
        let notices = Self.inboxes(outbox)
        // One address per person, in every notice that gives them a link.
        let carls = Set(["Calm post", "Hurry post", "Later post"].compactMap { notices[$0]?["carl"] })
        #expect(carls.count == 1)
        let inbox = try #require(carls.first)
        #expect(inbox.hasPrefix("http://127.0.0.1:\(port)/i/"))
        let gils = try #require(notices["Globex post"]?["gil"])
        let carlsGlobex = try #require(notices["Globex post"]?["carl"])
        #expect(carlsGlobex != inbox, "an inbox per client")

        let page = try fetch(inbox)
        #expect(page.status == 200)
        let order = ["Hurry post", "Calm post", "Later post"].compactMap { page.body.range(of: $0)?.lowerBound }
        #expect(order.count == 3 && order == order.sorted(), "soonest deadline first:\n\(page.body)")
        #expect(!page.body.contains("Globex post"))
        #expect(page.body.contains("Waiting for you, Carl"))
        // Each post opens carl's own review page for it.
        let first = try #require(page.body.firstMatch(of: /href="\.\.\/r\/([A-Za-z0-9_-]+)"/)?.1)
        let review = try fetch("http://127.0.0.1:\(port)/r/\(first)")
        #expect(review.status == 200 && review.body.contains("Hurry post"))
        // A decision takes the post off the list; the page after it leads back to the inbox.
        let token = try #require(csrf(review))
        let decided = try fetch(
            "http://127.0.0.1:\(port)/r/\(first)", form: ["csrf": token, "action": "approve"],
            headers: ["Origin": "http://127.0.0.1:\(port)"])
        #expect(decided.status == 303)
        let thanks = try fetch("http://127.0.0.1:\(port)/r/\(first)?done=approve")
        #expect(thanks.body.contains("Everything waiting for you"), "\(thanks.body)")
        // A link of carl's that an admin was shown (links new) does not lead to his inbox: the admin would hold
        // every other link of his.
        let shown = try #require(try daemon.json(["links", "new", "1", "--for", "carl"])["url"] as? String)
        let adminsView = try fetch(shown)
        #expect(adminsView.status == 200 && !adminsView.body.contains("/i/"), "\(adminsView.body)")
        let after = try fetch(inbox)
        // And the inbox opens carl's own link, never the one the admin was shown (a decision through that one
        // would be refused to carl, were the admin the writer).
        let shownToken = try #require(shown.split(separator: "/").last.map(String.init))
        #expect(!after.body.contains(shownToken))
        #expect(!after.body.contains("Hurry post") && after.body.contains("Calm post"))

        // gil's inbox holds globex's post alone; an unknown token, or a review link's token, opens no inbox.
        let gilsPage = try fetch(gils)
        #expect(gilsPage.body.contains("Globex post") && !gilsPage.body.contains("Calm post"))
        let carlsGlobexPage = try fetch(carlsGlobex)
        #expect(carlsGlobexPage.body.contains("Globex post") && !carlsGlobexPage.body.contains("Calm post"))
        #expect(try fetch("http://127.0.0.1:\(port)/i/" + String(repeating: "A", count: 43)).status == 404)
        #expect(try fetch("http://127.0.0.1:\(port)/i/\(first)").status == 404)
        // Opening it changed nothing.
        #expect(try daemon.json(["show", "1"])["state"] as? String == "review", "the calm post waits on")
    }

    /// A forwarded mail puts a person's inbox in other hands: the agency lists inbox links by a short hash and ends
    /// one person's for one client; that address then opens nothing, their other client's still works, and the next
    /// notice brings them a new one. A client's person may do neither.
    @Test func theAgencyRevokesAPersonsInboxForOneClientAndTheNextNoticeBringsANewOne() throws {
        try Self.running { daemon, _, outbox in try Self.revokedInbox(daemon, outbox: outbox) }
    }

    static func revokedInbox(_ daemon: RunningDaemon, outbox: String) throws {
        func submit(_ title: String, client: String) throws {
            let created = try daemon.json(["--as", "ana", "new", "--client", client, "--title", title, "--body", "B"])
            #expect(try daemon.ctl(["--as", "ana", "submit", "\(try #require(created["id"] as? Int))"]).code == 0)
        }
        try submit("First post", client: "acme")
        try submit("Globex post", client: "globex")
        #expect(daemon.waitFor(10) { Self.inboxes(outbox).count == 2 }, "two submitted notices")
        let acme = try #require(Self.inboxes(outbox)["First post"]?["carl"])
        let globex = try #require(Self.inboxes(outbox)["Globex post"]?["carl"])

        let listed = try #require(try daemon.json(["inbox", "--for", "carl"])["inboxes"] as? [[String: Any]])
        #expect(Set(listed.compactMap { $0["client"] as? String }) == ["acme", "globex"])
        #expect(listed.allSatisfy { $0["status"] as? String == "live" && ($0["hash"] as? String)?.count == 12 })
        let table = try daemon.ctl(["inbox"])
        #expect(table.code == 0 && table.stdout.contains("carl") && !table.stdout.contains("/i/"), "\(table.stdout)")
        let refused = try daemon.ctl(["--as", "carl", "inbox"])
        #expect(refused.code == 3 && refused.stderr.contains("may not manage inbox links"), "\(refused.stderr)")
        let unknown = try daemon.ctl(["inbox", "revoke", "--for", "carl", "--client", "initech"])
        #expect(unknown.code == 4 && unknown.stderr.contains("no client \"initech\""), "\(unknown.stderr)")

        let revoked = try daemon.json(["inbox", "revoke", "--for", "carl", "--client", "acme"])
        #expect(revoked["revoked"] as? Int == 1)
        let gone = try fetch(acme)
        #expect(gone.status == 410 && !gone.body.contains("First post"), "\(gone.body)")
        #expect(try fetch(globex).status == 200, "globex's inbox is carl's still")
        let all = try #require(try daemon.json(["inbox", "--for", "carl", "--all"])["inboxes"] as? [[String: Any]])
        #expect(all.contains { $0["client"] as? String == "acme" && $0["status"] as? String == "revoked" })

        try submit("Second post", client: "acme")
        #expect(daemon.waitFor(10) { Self.inboxes(outbox)["Second post"]?["carl"] != nil })
        let fresh = try #require(Self.inboxes(outbox)["Second post"]?["carl"])
        #expect(fresh != acme)
        let page = try fetch(fresh)
        #expect(page.status == 200 && page.body.contains("First post") && page.body.contains("Second post"))
    }
}
