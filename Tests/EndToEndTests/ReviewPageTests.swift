import FlowAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP answer as curl saw it.
struct Page {
    var status: Int
    var headers: [String: String]
    var body: String
}

/// Fetches `url` with curl (no redirects followed), optionally POSTing a form.
func fetch(_ url: String, form: [String: String]? = nil, headers: [String: String] = [:]) throws -> Page {
    var arguments = ["-s", "-i", "--max-time", "10"]
    for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
    if let form {
        for (name, value) in form.sorted(by: { $0.key < $1.key }) {
            arguments += ["--data-urlencode", "\(name)=\(value)"]
        }
    }
    let outcome = try runProgram("/usr/bin/curl", arguments + [url])
    let text = outcome.stdout.replacingOccurrences(of: "\r\n", with: "\n")
    let split = text.range(of: "\n\n")
    let head = split.map { String(text[..<$0.lowerBound]) } ?? text
    let body = split.map { String(text[$0.upperBound...]) } ?? ""
    var lines = head.split(separator: "\n").map(String.init)
    let status = lines.isEmpty ? 0 : Int(lines.removeFirst().split(separator: " ").dropFirst().first ?? "") ?? 0
    var fields: [String: String] = [:]
    for line in lines {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return Page(status: status, headers: fields, body: body)
}

/// The anti-forgery token of a rendered review page.
/// A daemon serving review pages on a random local port (with `webhooks`, more `[webhooks]` keys), draft 1 in
/// review, and carl's link to it.
func reviewedDraft(title: String = "T", body: String = "B", webhooks: String = "") throws -> (
    daemon: RunningDaemon, url: String, port: Int
) {
    let port = testPort()
    let daemon = try RunningDaemon(
        extra: "[webhooks]\nlisten = \"127.0.0.1:\(port)\"\npublic_url = \"http://127.0.0.1:\(port)\"\n" + webhooks)
    try daemon.start()
    _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", title, "--body", body])
    _ = try daemon.ctl(["--as", "ana", "submit", "1"])
    let url = try #require(try daemon.json(["links", "new", "1", "--for", "carl"])["url"] as? String)
    return (daemon, url, port)
}

func csrf(_ page: Page) -> String? {
    guard let start = page.body.range(of: #"name="csrf" value=""#) else { return nil }
    let rest = page.body[start.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}

@Suite(.serialized) struct ReviewPageEndToEnd {
    let port = testPort()
    var base: String { "http://127.0.0.1:\(port)" }

    func daemon(carlLocale: String? = nil) throws -> RunningDaemon {
        var users = RunningDaemon.standardUsers
        if let carlLocale {
            users = users.replacingOccurrences(
                of: "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\n",
                with: "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\nlocale = \"\(carlLocale)\"\n")
        }
        let daemon = try RunningDaemon(
            users: users,
            extra: """
                [webhooks]
                listen = "127.0.0.1:\(port)"
                public_url = "\(base)"
                """)
        try daemon.start()
        return daemon
    }

    /// A draft in review (its body has markup that must stay text) and carl's link to it.
    func linkForCarl(_ daemon: RunningDaemon, body: String = "We launch <b>May 1</b>.\n\n  <script>alert(1)</script>")
        throws -> String
    {
        let created = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "Launch", "--body", body])
        let id = try #require(created["id"] as? Int)
        #expect(try daemon.ctl(["--as", "ana", "submit", "\(id)"]).code == 0)
        return try #require(try daemon.json(["links", "new", "\(id)", "--for", "carl"])["url"] as? String)
    }

    @Test func aReviewerReadsThePostAndApprovesThroughTheLink() throws {
        let daemon = try daemon()
        let url = try linkForCarl(daemon)
        let page = try fetch(url)
        #expect(page.status == 200)
        #expect(page.body.contains("Launch"))
        // The body exactly as written, as text: markup escaped, whitespace kept for the page's pre-wrap.
        #expect(page.body.contains("We launch &lt;b&gt;May 1&lt;/b&gt;.\n\n  &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!page.body.contains("<script>"))
        #expect(page.headers["content-security-policy"]?.hasPrefix("default-src 'none'; style-src 'sha256-") == true)
        #expect(page.headers["referrer-policy"] == "no-referrer")
        #expect(page.headers["cache-control"] == "no-store")
        #expect(page.headers["x-frame-options"] == "DENY")
        #expect(page.headers["x-content-type-options"] == "nosniff")
        // Fetching changes nothing, however often (mail scanners do).
        _ = try fetch(url)
        #expect(try daemon.actions(1) == ["create", "submit", "link-shown"])

        let token = try #require(csrf(page))
        let forged = try fetch(url, form: ["csrf": "1.bad", "action": "approve"])
        #expect(forged.status == 403)
        let foreign = try fetch(
            url, form: ["csrf": token, "action": "approve"], headers: ["Origin": "https://evil.example"])
        #expect(foreign.status == 403)
        let noReason = try fetch(url, form: ["csrf": token, "action": "request-changes", "message": "  "])
        #expect(noReason.status == 422)
        #expect(noReason.body.contains("Please say what should change."))
        #expect(try daemon.actions(1) == ["create", "submit", "link-shown"])

        let approved = try fetch(url, form: ["csrf": token, "action": "approve"], headers: ["Origin": base])
        #expect(approved.status == 303)
        let location = try #require(approved.headers["location"])
        #expect(location.hasSuffix("?done=approve"))
        let outcome = try fetch(base + location)
        #expect(outcome.status == 200)
        #expect(outcome.body.contains("Thank you: you approved revision 1."))
        #expect(try daemon.json(["show", "1"])["state"] as? String == "approved")
        let log = try #require(try daemon.json(["log", "1"])["events"] as? [[String: Any]])
        #expect(log.last?["actor"] as? String == "carl")
        #expect(log.last?["via"] as? String == "review-link")
        // The decision used the link up.
        let again = try fetch(url)
        #expect(again.status == 410)
        #expect(again.body.contains("This link has been used"))
        #expect(again.body.contains("“Launch”") && !again.body.contains("May 1"), "named, and nothing of it shown")
        let twice = try fetch(url, form: ["csrf": token, "action": "approve"])
        #expect(twice.status == 410)
    }

    @Test func changesAcknowledgementsAndCommentsGoThroughTooAndOldLinksAreSuperseded() throws {
        let daemon = try daemon()
        let url = try linkForCarl(daemon)
        var token = try #require(csrf(try fetch(url)))
        let commented = try fetch(url, form: ["csrf": token, "action": "comment", "message": "Is May 1 final?"])
        #expect(commented.status == 303)
        let page = try fetch(url)
        #expect(page.body.contains("Is May 1 final?"))
        token = try #require(csrf(page))
        #expect(try fetch(url, form: ["csrf": token, "action": "acknowledge", "hours": "2"]).status == 303)
        #expect(try daemon.json(["show", "1"])["acknowledged_until"] as? String != nil)
        let spare = try #require(try daemon.json(["links", "new", "1", "--for", "carl"])["url"] as? String)
        let changes = try fetch(url, form: ["csrf": token, "action": "request-changes", "message": "Name the date"])
        #expect(changes.status == 303)
        #expect(
            try daemon.actions(1) == [
                "create", "submit", "link-shown", "comment", "acknowledge", "link-shown", "request-changes",
            ])
        let log = try #require(try daemon.json(["log", "1"])["events"] as? [[String: Any]])
        #expect(log.last?["message"] as? String == "Name the date")
        // A new revision: an unused link of the old one says so and shows nothing of the new content.
        #expect(try daemon.ctl(["--as", "ana", "edit", "1", "--body", "Secret new text"]).code == 0)
        let old = try fetch(spare)
        #expect(old.status == 410)
        #expect(old.body.contains("There is a newer version of this post"))
        #expect(!old.body.contains("Secret new text"))
    }

    @Test func unknownAndMalformedLinksLookAlikeAndGermanReadersReadGerman() throws {
        let daemon = try daemon(carlLocale: "de")
        let url = try linkForCarl(daemon)
        let german = try fetch(url)
        #expect(german.body.contains(#"<html lang="de">"#))
        #expect(german.body.contains("Freigeben"))
        #expect(german.body.contains("Änderungen anfordern"))
        let unknown = try fetch(base + "/r/" + String(repeating: "A", count: 43))
        let malformed = try fetch(base + "/r/nope")
        #expect(unknown.status == 404)
        #expect(malformed.status == 404)
        #expect(unknown.body == malformed.body)
        let inGerman = try fetch(base + "/r/nope", headers: ["Accept-Language": "de-DE,de;q=0.9,en;q=0.5"])
        #expect(inGerman.body.contains("Link nicht gefunden"))
        // The token never reaches the log.
        let token = String(url.split(separator: "/").last ?? "")
        #expect(!daemon.log.contains(token))
    }
}

@Suite struct OriginEndToEnd {
    @Test func aBrowsersNullOriginPassesWithTheTokenAndAForeignOneDoesNot() throws {
        let (daemon, url, _) = try reviewedDraft()
        let token = try #require(csrf(try fetch(url)))
        let foreign = try fetch(
            url, form: ["csrf": token, "action": "comment", "message": "x"], headers: ["Origin": "http://127.0.0.1:1"])
        #expect(foreign.status == 403)
        let null = try fetch(
            url, form: ["csrf": token, "action": "comment", "message": "x"], headers: ["Origin": "null"])
        #expect(null.status == 303)
        withExtendedLifetime(daemon) {}
    }
}

@Suite struct ReviewPageLimitsEndToEnd {
    @Test func oversizeFormsAre413AndAReaderWhoLeftTheClientSeesNothing() throws {
        let (daemon, url, _) = try reviewedDraft(title: "Secret plan")
        let token = try #require(csrf(try fetch(url)))
        let huge = try fetch(
            url, form: ["csrf": token, "action": "comment", "message": String(repeating: "x", count: 70_000)])
        #expect(huge.status == 413)
        #expect(try daemon.actions(1) == ["create", "submit", "link-shown"])

        // carl leaves ACME: his link stops working, and shows nothing of the draft.
        let config = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "approvers = [\"carl\"]", with: "approvers = [\"dora\"]")
            .write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        kill(try #require(daemon.pid), SIGHUP)
        #expect(daemon.waitFor(10) { daemon.log.contains("configuration reloaded") })
        let gone = try fetch(url)
        #expect(gone.status == 410)
        #expect(gone.body.contains("This link no longer works"))
        #expect(!gone.body.contains("Secret plan"))
    }
}

@Suite struct ExpiredLinkEndToEnd {
    @Test func anExpiredLinkShowsTheExpiredPageAndNothingOfTheDraft() throws {
        // flowd runs on the real clock: a link that lives two seconds is the shortest honest wait.
        let (daemon, url, _) = try reviewedDraft(
            title: "Secret plan", body: "Hidden text", webhooks: "link_max_age = \"2s\"\n")
        let live = try fetch(url)
        #expect(live.status == 200)
        let token = try #require(csrf(live))

        #expect(try daemon.waitFor(10) { try fetch(url).status == 410 })
        let expired = try fetch(url)
        #expect(expired.status == 410)
        #expect(expired.body.contains("This link has expired"))
        // It names the post it was for (carl may still see it), and shows nothing of it.
        #expect(expired.body.contains("“Secret plan”") && !expired.body.contains("Hidden text"))
        #expect(!expired.body.contains("<form"))
        // The form it showed while it lived decides nothing now.
        let late = try fetch(url, form: ["csrf": token, "action": "approve"])
        #expect(late.status == 410)
        #expect(!late.body.contains("Secret plan"))
        #expect(try daemon.actions(1) == ["create", "submit", "link-shown"])
        let links = try #require(try daemon.json(["links", "1", "--all"])["links"] as? [[String: Any]])
        #expect(links.contains { $0["status"] as? String == "expired" })
    }
}
