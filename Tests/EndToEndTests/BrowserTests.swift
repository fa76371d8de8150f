import FlowAPI
import Foundation
import Testing

/// Where the browser tests leave their screenshots: $FLOWD_SCREENSHOTS (scripts/test sets it), else /tmp.
let screenshotDirectory: String = {
    let directory =
        ProcessInfo.processInfo.environment["FLOWD_SCREENSHOTS"]
        ?? NSTemporaryDirectory() + "flowd-screenshots"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
}()

private let browserScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Browser/review.py").path

/// What headless Chromium saw on a review page, and after the decision it made there.
struct BrowserVisit: Decodable {
    struct After: Decodable {
        var url: String
        var h1: String
        var text: String
    }
    var lang: String
    var h1: String
    var text: String
    var forms: Int
    var after: After?
}

func browse(
    _ url: String, do action: String? = nil, text: String = "", shots name: String, language: String? = nil,
    whole: Bool = false
) throws -> BrowserVisit {
    var arguments = [browserScript, url, "--shots", screenshotDirectory, "--name", name]
    if let language { arguments += ["--lang", language] }
    if whole { arguments.append("--whole") }
    if let action { arguments += ["--do", action, "--text", text] }
    let outcome = try runProgram("/usr/bin/env", ["python3"] + arguments)
    #expect(outcome.code == 0, "\(outcome.stderr)")
    return try JSONDecoder().decode(BrowserVisit.self, from: Data(outcome.stdout.utf8))
}

@Suite(.serialized) struct BrowserEndToEnd {
    let port = testPort()

    func daemon(locale: String? = nil) throws -> RunningDaemon {
        var users = RunningDaemon.standardUsers
        if let locale {
            users = users.replacingOccurrences(
                of: "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\n",
                with: "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\nlocale = \"\(locale)\"\n")
        }
        let daemon = try RunningDaemon(
            users: users,
            extra: """
                [webhooks]
                listen = "127.0.0.1:\(port)"
                public_url = "http://127.0.0.1:\(port)"
                """)
        try daemon.start()
        return daemon
    }

    func submitted(_ daemon: RunningDaemon, title: String) throws -> (id: Int, link: String) {
        let created = try daemon.json(
            ["--as", "ana", "new", "--client", "acme", "--title", title, "--body", "We launch on May 1.\n\n#launch"])
        let id = try #require(created["id"] as? Int)
        #expect(try daemon.ctl(["--as", "ana", "submit", "\(id)"]).code == 0)
        let link = try #require(try daemon.json(["links", "new", "\(id)", "--for", "carl"])["url"] as? String)
        return (id, link)
    }

    @Test func aReviewerApprovesRequestsChangesAndAcknowledgesInARealBrowser() throws {
        let daemon = try daemon()
        let approve = try submitted(daemon, title: "Launch post")
        let page = try browse(approve.link, shots: "review-en")
        #expect(page.lang == "en")
        #expect(page.h1 == "For your review: ACME")
        #expect(page.text.contains("We launch on May 1.\n\n#launch"))
        #expect(page.forms == 5, "approve, changes, ack, away, comment")
        let approved = try browse(approve.link, do: "approve", shots: "approve-en")
        #expect(approved.after?.h1 == "Thank you: you approved revision 1.")
        #expect(try daemon.json(["show", "\(approve.id)"])["state"] as? String == "approved")

        let changes = try submitted(daemon, title: "Second post")
        let spare = try #require(try daemon.json(["links", "new", "\(changes.id)", "--for", "carl"])["url"] as? String)
        let requested = try browse(changes.link, do: "request-changes", text: "Name the date", shots: "changes-en")
        #expect(requested.after?.h1 == "Thank you: your request for changes went to the agency.")
        let log = try #require(try daemon.json(["log", "\(changes.id)"])["events"] as? [[String: Any]])
        #expect(log.last?["action"] as? String == "request-changes")
        #expect(log.last?["message"] as? String == "Name the date")
        #expect(try daemon.ctl(["--as", "ana", "edit", "\(changes.id)", "--body", "New text"]).code == 0)
        let superseded = try browse(spare, shots: "superseded-en")
        #expect(superseded.h1 == "There is a newer version of this post")
        #expect(!superseded.text.contains("New text"))

        let ack = try submitted(daemon, title: "Third post")
        let acknowledged = try browse(ack.link, do: "acknowledge", shots: "acknowledge-en")
        #expect(acknowledged.after?.h1.hasPrefix("Thank you: you will decide by") == true)
        #expect(try daemon.json(["show", "\(ack.id)"])["acknowledged_until"] as? String != nil)
        #expect(try daemon.actions(ack.id).last == "acknowledge")
    }

    @Test func aGermanReviewerSeesGerman() throws {
        let daemon = try daemon(locale: "de")
        let draft = try submitted(daemon, title: "Launch")
        let page = try browse(draft.link, shots: "review-de")
        #expect(page.lang == "de")
        #expect(page.h1 == "Zur Freigabe: ACME")
        #expect(page.text.contains("Freigeben") && page.text.contains("Änderungen anfordern"))
        let approved = try browse(draft.link, do: "approve", shots: "approve-de")
        #expect(approved.after?.h1 == "Danke: Sie haben Version 1 freigegeben.")
    }
}
