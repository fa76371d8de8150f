import FlowCore
import FlowDaemon
import FlowRender
import Foundation
import Testing

@testable import FlowFuzzing

/// The markup targets' oracles must see what a browser would: otherwise a clean fuzz run proves nothing.
@Suite struct MarkupOracleTests {
    /// The attack from issue 29: a prepend character before `<` and a combining mark after `>`.
    static let attack = "a\u{0600}<meta http-equiv=refresh content=0;url=https://example.org/>\u{0301}"

    @Test func theHTMLReaderSeesTagsAttributesAndCommentsThatAClusterHides() {
        #expect(HTMLOracle.markup("<p>\(Self.attack)</p>") == ["<p>", "<meta http-equiv content>", "</p>"])
        #expect(HTMLOracle.markup("x\u{0891}<!-- hidden -->") == ["<!--"])
        #expect(HTMLOracle.markup("<title>a <b> </title ><b>") == ["<title>", "</title>", "<b>"])
        #expect(HTMLOracle.markup(#"<a href="x>y" title='>'>"#) == ["<a href title>"])
        #expect(HTMLOracle.markup("1 < 2 &lt;b&gt;") == [])
    }

    /// What a per-`Character` escape (swift-mustache's own, and flowd-mail's before) lets through, the scalar-wise
    /// escape does not.
    @Test func theEscapesWorkOnScalarsNotCharacters() {
        var perCharacter = ""
        for character in Self.attack {
            perCharacter += character == "<" ? "&lt;" : character == ">" ? "&gt;" : "\(character)"
        }
        #expect(HTMLOracle.markup(perCharacter) == ["<meta http-equiv content>"], "the attack works on Characters")
        #expect(HTMLOracle.markup(TextEscaping.html(Self.attack)) == [])
        #expect(TextEscaping.html("\u{0600}<\"'&>\u{0301}") == "\u{0600}&lt;&quot;&#39;&amp;&gt;\u{0301}")
        #expect(TextEscaping.slack("\u{08E2}<!channel>\u{FE0F}") == "\u{08E2}&lt;!channel&gt;\u{FE0F}")
        #expect(TextEscaping.terminal("\u{1B}[2J\u{202E}ok\n\té") == "\u{FFFD}[2J\u{FFFD}ok\n\té")
        #expect(TextEscaping.html("plain") == "plain")
    }

    /// The page target on the issue's attack in every field: the review page keeps the template's markup.
    @Test func theReviewPageShowsTheAttackAsText() throws {
        let pages = try #require(FuzzTargets.pages)
        let draft = Draft(
            id: 7, client: "acme", lane: .normal, state: .review, revision: 1,
            content: Content(title: Self.attack, body: Self.attack, channels: ["x"], publishAt: nil),
            contentHash: "h", author: "ana", revisionAuthor: "ana", revisionAuthorSide: .agency,
            createdAt: .init(timeIntervalSince1970: 0), updatedAt: .init(timeIntervalSince1970: 0))
        var page = ReviewPage.make(
            draft: draft, for: "carl", directory: Directory(clients: [:]), comments: .none, pending: [], language: .en,
            now: .init(timeIntervalSince1970: 0))
        page.reason = Self.attack
        let html = pages.review(page)
        #expect(!HTMLOracle.markup(html).contains { $0.hasPrefix("<meta http-equiv") })
        #expect(html.contains("a\u{0600}&lt;meta http-equiv=refresh"))
    }
}
