import FlowAPI
import Foundation
import Testing

private let markupScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Browser/markup.py").path

/// The markup of a page as Python's own HTML parser reads it.
private struct Markup: Decodable {
    var tags: [[String]]
    var comments: Int
    var declarations: Int

    init(_ html: String) throws {
        let outcome = try runProgram("/usr/bin/env", ["python3", markupScript], stdin: html)
        self = try JSONDecoder().decode(Markup.self, from: Data(outcome.stdout.utf8))
    }
}

/// Issue 29's attacks on the client's page, against the built binaries: each is refused or shown as text.
@Suite(.serialized) struct HostileTextEndToEnd {
    /// A prepend character before `<` and a combining mark after `>`: one grapheme cluster each, which a
    /// per-Character escape let through as a live `<meta refresh>`.
    static let attack = "a\u{0600}<meta http-equiv=refresh content=0;url=https://example.org/>\u{0301}"
    static let hide = "\u{08E2}<!--\u{0301}"

    @Test func markupInATitleOrBodyStaysText() throws {
        let (daemon, url, _) = try reviewedDraft(title: Self.attack, body: Self.attack + "\n" + Self.hide)
        let page = try fetch(url)
        #expect(page.status == 200)
        let markup = try Markup(page.body)
        #expect(!markup.tags.contains { $0.contains("http-equiv") }, "a live meta refresh on the page")
        #expect(markup.comments == 0, "a comment hides the forms")
        #expect(markup.tags.filter { $0.first == "form" }.count == 5, "approve, changes, ack, away, comment")
        #expect(page.body.contains("a\u{0600}&lt;meta http-equiv=refresh"))
        withExtendedLifetime(daemon) {}
    }

    /// Before, one link posted 60 comments of 4,000 bytes in a row, each an fsynced write.
    @Test func oneLinkPostsTenCommentsAMinuteAndNoMore() throws {
        let (daemon, url, _) = try reviewedDraft()
        let token = try #require(csrf(try fetch(url)))
        let text = String(repeating: "x", count: 4000)
        var statuses: [Int] = []
        for _ in 0..<12 {
            statuses.append(try fetch(url, form: ["csrf": token, "action": "comment", "message": text]).status)
        }
        #expect(statuses == Array(repeating: 303, count: 10) + [429, 429])
        let refused = try fetch(url, form: ["csrf": token, "action": "comment", "message": "one more"])
        #expect(refused.status == 429)
        #expect(Int(refused.headers["retry-after"] ?? "") ?? 0 > 0)
        #expect(refused.body.contains("10 comments this minute"))
        #expect(try daemon.actions(1).filter { $0 == "comment" }.count == 10)
        // The page shows the round's newest comments, read with a limit.
        #expect(try fetch(url).body.components(separatedBy: #"<p class="comment">"#).count - 1 == 10)
    }
}
