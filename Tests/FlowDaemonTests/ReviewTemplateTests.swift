import FlowCore
import FlowRender
import Foundation
import Logging
import Mustache
import Testing

@testable import FlowDaemon

/// The templates as the repository holds them.
private let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/FlowDaemon/Templates").path

@Suite struct ReviewTemplateTests {
    static func site() async throws -> ReviewSite {
        let (engine, _) = try makeEngine(temporaryDirectory())
        return try #require(ReviewSite.load(from: [templates], engine: engine, logger: Logger(label: "test")))
    }

    @Test func theReviewPageRendersEveryPartAndEscapesUserText() async throws {
        let site = try await Self.site()
        var directory = Directory(clients: [:])
        directory.agencyName = "Rock & <Roll>"
        let asked = Event(
            draftID: 1, at: Date(), actor: "carl", kind: .requestChanges, from: .review, to: .draft, revision: 1,
            message: "Say <b>when</b>")
        var page = ReviewPage.make(
            draft: Draft(
                id: 1, client: "acme", lane: .normal, state: .review, revision: 2,
                content: Content(title: "Q3 <launch>", body: "a & b\n\n<i>x</i>", channels: ["x"], publishAt: nil),
                contentHash: "h", author: "ana", revisionAuthor: "ana", revisionAuthorSide: .agency,
                createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0)),
            for: "carl", directory: directory,
            comments: RoundComments(
                newest: [
                    Event(
                        draftID: 1, at: Date(), actor: "dora", kind: .comment, from: .review, to: .review, revision: 2,
                        message: "\"quoted\" & <tag>")
                ], earlier: 4), pending: [], language: .en, now: Date(timeIntervalSince1970: 0),
            history: ReviewHistory(
                seen: SeenRevision(revision: 1, title: "Q2 <old>", body: "a & c\n\n<i>x</i>", asked: [asked]),
                earlier: [asked]))
        page.csrf = "123.abc"
        page.error = "Please say what should change."
        page.next = "2026-09-21 18:13 Europe/Berlin: Also asked Bea"
        page.publishAt = "2026-12-01 10:00 Europe/Berlin"
        let html = site.pages.document("review", page, lang: page.lang)
        #expect(html.contains("<li><b>If nobody decides</b> 2026-09-21 18:13 Europe/Berlin: Also asked Bea</li>"))
        // What changed since the revision carl saw, word by word, and what was asked of it: escaped like all else.
        #expect(html.contains("<h2>Changed since revision 1, the one you saw</h2>"))
        #expect(html.contains("Say &lt;b&gt;when&lt;/b&gt;"))
        #expect(html.contains("<p class=\"meta\">Title before: Q2 &lt;old&gt;</p>"))
        #expect(html.contains("a &amp; <del>c</del><ins>b</ins>"), "\(html)")
        #expect(html.contains("<details class=\"earlier\"><summary>Earlier rounds (1)</summary>"))
        // What each choice leads to, and the agency that signs the page.
        #expect(html.contains("<p class=\"then\">Then the agency publishes it.</p>"))
        #expect(html.contains("<p class=\"then\">It goes back to Ana with your note"))
        #expect(html.contains("<footer>Rock &amp; &lt;Roll&gt;</footer>"))
        #expect(html.contains("<li><b>Goes out</b> 2026-12-01 10:00 Europe/Berlin</li>"))
        #expect(html.contains("<title>Q3 &lt;launch&gt;</title>"))
        #expect(html.contains(#"<pre class="body">a &amp; b"#))
        #expect(html.contains("&lt;i&gt;x&lt;/i&gt;"))
        #expect(html.contains("&quot;quoted&quot; &amp; &lt;tag&gt;"))
        #expect(html.contains(#"<p class="meta">4 earlier comments are not shown.</p>"#))
        #expect(html.contains(#"name="csrf" value="123.abc""#))
        #expect(html.contains(#"<p class="error" role="alert">Please say what should change.</p>"#))
        #expect(html.components(separatedBy: "<form").count - 1 == 4)
        #expect(!html.contains("{{"))
    }

    @Test func statusPagesNeverShowContent() async throws {
        let site = try await Self.site()
        for language in PageLanguage.allCases {
            let page = StatusPage.link(.superseded(byRevision: 3), language: language)
            #expect(page.status == 410)
            let html = site.pages.document("status", page, lang: page.lang)
            #expect(html.contains(#"<html lang="\#(language.rawValue)">"#))
            #expect(html.contains(page.heading))
            #expect(!html.contains("<form"))
        }
    }

    @Test func formTokensAreBoundToTheLinkAndExpire() async throws {
        let site = try await Self.site()
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let token = site.formToken(for: "hash-a", at: now)
        #expect(site.formTokenIsValid(token, for: "hash-a", at: now.addingTimeInterval(60)))
        #expect(!site.formTokenIsValid(token, for: "hash-b", at: now))
        #expect(!site.formTokenIsValid(token, for: "hash-a", at: now.addingTimeInterval(13 * 3600)))
        #expect(!site.formTokenIsValid("garbage", for: "hash-a", at: now))
        let other = try await Self.site()
        #expect(!other.formTokenIsValid(token, for: "hash-a", at: now), "a restart invalidates old forms")
    }

    @Test func guessingIsLimitedPerAddress() async throws {
        let site = try await Self.site()
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        for _ in 0..<FailedAttempts().limit {
            site.recordMiss("unknown review link", key: "link", hash: "abc", address: "10.0.0.1", now: now)
        }
        #expect(site.isBlocked("10.0.0.1", now: now))
        #expect(!site.isBlocked("10.0.0.2", now: now))
        #expect(!site.isBlocked("10.0.0.1", now: now.addingTimeInterval(60)))
    }
}
