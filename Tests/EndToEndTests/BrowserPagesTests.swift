import Foundation
import Testing

/// The pages a client decides on, as a real browser shows them on a phone and a desktop, in both languages: a
/// second revision with what changed and what was asked, an objection window, and the inbox. The screenshots are
/// in the test output ($FLOWD_SCREENSHOTS); docs/images/ holds copies of them for the README.
@Suite(.serialized) struct BrowserPagesEndToEnd {
    @Test func aSecondRevisionAnObjectionWindowAndTheInboxInBothLanguages() throws {
        let port = testPort()
        let outbox = NSTemporaryDirectory() + "flowd-pages-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: outbox) }
        let daemon = try RunningDaemon(
            users: RunningDaemon.standardUsers + """
                [clients.lanes.normal]
                autonomy = { after = 2, share = 1.0, objection_window = "2h" }

                [agency]
                name = "Northwind Social"

                """,
            extra: InboxEndToEnd.listenerWithOutbox(port: port, outbox: outbox))
        try daemon.start()
        defer { _ = daemon.stop() }
        func submit(_ title: String, _ body: String, publishAt: String? = nil) throws -> (id: Int, link: String) {
            var arguments = ["--as", "ana", "new", "--client", "acme", "--title", title, "--body", body]
            arguments += ["--channel", "linkedin"] + (publishAt.map { ["--publish-at", $0] } ?? [])
            let id = try #require(try daemon.json(arguments)["id"] as? Int)
            #expect(try daemon.ctl(["--as", "ana", "submit", "\(id)"]).code == 0)
            // carl's own link, as his mail brings it (a link shown to an admin leads to no inbox).
            #expect(daemon.waitFor(10) { InboxEndToEnd.carlsLink(outbox, title: title) != nil }, "\(title)")
            return (id, try #require(InboxEndToEnd.carlsLink(outbox, title: title)))
        }
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3 * 86_400))

        // A post carl sent back once: its second revision shows what changed and what he asked for.
        let launch = try submit("Spring launch", "We launch soon. Be there!\n\n#launch", publishAt: later)
        let asked = try browse(launch.link, do: "request-changes", text: "Name the date, please.", shots: "pages-ask")
        // The page after the decision leads on to whatever else waits for carl.
        #expect(asked.after?.text.contains("Everything waiting for you") == true, "\(String(describing: asked.after))")
        #expect(
            try daemon.ctl([
                "--as", "ana", "edit", "\(launch.id)", "--body", "We launch on May 1. Be there!\n\n#launch",
            ]).code == 0)
        #expect(try daemon.ctl(["--as", "ana", "submit", "\(launch.id)"]).code == 0)
        #expect(daemon.waitFor(10) { InboxEndToEnd.carlsLink(outbox, title: "Spring launch", revision: 2) != nil })
        let second = try #require(InboxEndToEnd.carlsLink(outbox, title: "Spring launch", revision: 2))
        let english = try browse(second, shots: "review-second-revision-en", language: "en", whole: true)
        #expect(english.text.contains("Changed since revision 1, the one you saw"))
        #expect(english.text.contains("Name the date, please."))
        #expect(english.text.contains("Then Pia publishes it on"), "\(english.text)")
        let german = try browse(second, shots: "review-second-revision-de", language: "de", whole: true)
        #expect(german.lang == "de" && german.text.contains("Geändert seit Version 1, die Sie gesehen haben"))

        // Two clean approvals earn the lane its autonomy: the next post goes out unless carl objects.
        let clean = try submit("Team photo", "Our team at the fair, hall 4.")
        #expect(try browse(clean.link, do: "approve", shots: "pages-clean").after != nil)
        let another = try submit("Stand plan", "Find us in hall 4, stand 12.")
        #expect(try browse(another.link, do: "approve", shots: "pages-clean-2").after != nil)
        let window = try submit("Fair recap", "Thank you for visiting us at the fair!")
        #expect(try daemon.json(["show", "\(window.id)"])["review_mode"] as? String == "unless-objected")
        let objection = try browse(window.link, shots: "review-objection-window-en", language: "en", whole: true)
        #expect(objection.text.contains("unless you object"), "\(objection.text)")
        #expect(!objection.text.contains("I'm on it"), "no promise to decide later in an objection window")

        // carl's inbox, from his notices: the second revision and the objection window wait for him.
        #expect(daemon.waitFor(10) { Self.inbox(outbox) != nil })
        let inbox = try #require(Self.inbox(outbox))
        for language in ["en", "de"] {
            let page = try browse(inbox, shots: "inbox-\(language)", language: language, whole: true)
            #expect(page.text.contains("Spring launch") && page.text.contains("Fair recap"))
            #expect(!page.text.contains("Team photo") && !page.text.contains("Stand plan"), "approved: nothing waits")
        }
    }

    /// carl's inbox address from the notices so far.
    static func inbox(_ outbox: String) -> String? {
        InboxEndToEnd.inboxes(outbox).values.compactMap { $0["carl"] }.first
    }
}
