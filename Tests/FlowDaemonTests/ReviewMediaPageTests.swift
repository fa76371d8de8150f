import FlowCore
import FlowRender
import Foundation
import Logging
import Testing

@testable import FlowDaemon

/// The templates as the repository holds them.
private let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/FlowDaemon/Templates").path

/// The review page with media: each inline at its size with its alt text, and the post in each channel's feed.
@Suite struct ReviewMediaPageTests {
    static let hostileAlt = "<script>alert(1)</script>"
    /// A combining mark after `<` makes one Character of the two: an escape by Character would let the `<` through.
    static let combiningAlt = "<\u{0301}img src=x onerror=alert(1)>"

    static func draft(body: String = String(repeating: "a", count: 300)) -> Draft {
        let media = [
            Medium(
                sha256: String(repeating: "1", count: 64), kind: .jpeg, byteCount: 10, width: 1080, height: 1350,
                alt: hostileAlt),
            Medium(
                sha256: String(repeating: "2", count: 64), kind: .mp4, byteCount: 10, width: 1920, height: 1080,
                durationMS: 5000),
            Medium(
                sha256: String(repeating: "3", count: 64), kind: .png, byteCount: 10, width: 10, height: 10,
                alt: combiningAlt),
        ]
        return Draft(
            id: 1, client: "acme", lane: .normal, state: .review, revision: 2,
            content: Content(
                title: "T", body: body, channels: ["instagram", "x", "linkedin"], publishAt: nil, media: media),
            contentHash: "h", author: "ana", revisionAuthor: "ana", revisionAuthorSide: .agency,
            createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
    }

    static func rendered(_ draft: Draft, language: PageLanguage = .en) throws -> (ReviewPage, String) {
        let pages = try PageRenderer(directory: templates)
        var page = ReviewPage.make(
            draft: draft, for: "carl", directory: Directory(clients: [:]),
            comments: RoundComments(newest: [], earlier: 0),
            pending: [], language: language, now: Date(timeIntervalSince1970: 0))
        page.linkMedia(under: "TOKEN/media/")
        return (page, pages.document("review", page, lang: page.lang))
    }

    @Test func everyMediumIsInlineAtItsSizeWithItsAltTextEscapedByScalar() throws {
        let (_, html) = try Self.rendered(Self.draft())
        #expect(
            html.contains(
                #"<img src="TOKEN/media/1" width="1080" height="1350" alt="&lt;script&gt;alert(1)&lt;/script&gt;">"#))
        #expect(html.contains(#"<video controls preload="metadata" src="TOKEN/media/2" width="1920" height="1080""#))
        #expect(html.contains(#"<b>Alt text:</b> &lt;script&gt;alert(1)&lt;/script&gt;</figcaption>"#))
        #expect(html.contains(#"<span class="no-alt">No alt text</span>"#))
        #expect(html.contains("Your approval is for exactly these files: the publisher receives them byte for byte"))
        #expect(html.contains("&lt;\u{0301}img src=x onerror=alert(1)&gt;"))
        #expect(!html.contains("<script"))
        let scalars = Array(html.unicodeScalars)
        #expect(!zip(scalars, scalars.dropFirst()).contains { $0 == "<" && $1 == "\u{0301}" }, "no live tag")
    }

    @Test func eachChannelPreviewsTheFirstMediumInItsFrameWithTheTextCutAndItsCount() throws {
        let (page, html) = try Self.rendered(Self.draft())
        #expect(html.components(separatedBy: #"<div class="feed">"#).count - 1 == 3)
        // Instagram and LinkedIn show a 1080×1350 picture at 4:5; X crops it to 16:9.
        #expect(html.components(separatedBy: #"<div class="frame ratio-4-5"><img src="TOKEN/media/1""#).count - 1 == 2)
        #expect(html.contains(#"<div class="frame ratio-16-9"><img src="TOKEN/media/1""#))
        let style = try #require(page.frameStyle)
        #expect(style == ".ratio-4-5{aspect-ratio:4/5}.ratio-16-9{aspect-ratio:16/9}")
        #expect(html.contains("<style>\(style)</style>"))
        // Instagram cuts after 125 characters and LinkedIn after 210; X shows its 300 whole, over its 280.
        let a = { (count: Int) in String(repeating: "a", count: count) }
        #expect(html.contains(#"<p class="feed-text">\#(a(125)) <span class="more">…more</span></p>"#))
        #expect(html.contains(#"<p class="feed-text">\#(a(210)) <span class="more">…more</span></p>"#))
        #expect(html.contains(#"<p class="feed-text">\#(a(300))</p>"#))
        #expect(html.contains(#"<b>Instagram</b> · <span class="count">300 of 2200 characters</span>"#))
        #expect(html.contains(#"<b>X</b> · <span class="over">300 of 280 characters</span>"#))
    }

    @Test func thePolicyAllowsThisSitesMediaAndThePagesFrameStyleAndNothingMore() throws {
        let pages = try PageRenderer(directory: templates)
        let (page, _) = try Self.rendered(Self.draft())
        let style = try #require(page.frameStyle)
        let policy = pages.policy(frameStyle: style)
        #expect(policy.contains("img-src 'self'; media-src 'self'"))
        #expect(policy.contains(PageRenderer.source(style)) && policy.contains(pages.styleSource))
        #expect(!policy.contains(PageRenderer.source(style + " ")), "the hash is of exactly the page's style")
        #expect(policy.hasPrefix("default-src 'none'; style-src 'sha256-"))
        #expect(!policy.contains("unsafe") && !policy.contains("*") && !policy.contains("script-src"))
        #expect(!pages.policy(frameStyle: nil).contains("img-src"), "a page without media allows none")
    }

    @Test func aPostWithoutMediaShowsItsFeedsWithoutFramesAndTheGermanPageSpeaksGerman() throws {
        var draft = Self.draft()
        draft.content.media = []
        let (page, html) = try Self.rendered(draft, language: .de)
        #expect(page.frameStyle == nil && !html.contains("<style>.ratio"))
        #expect(!html.contains("<img") && !html.contains(#"class="frame"#))
        #expect(html.contains("In den Feeds"))
        #expect(html.contains(#"<span class="more">…mehr</span>"#))
        #expect(html.contains("300 von 2200 Zeichen"))
        let (_, withMedia) = try Self.rendered(Self.draft(), language: .de)
        #expect(withMedia.contains("<b>Alternativtext:</b>") && withMedia.contains("Kein Alternativtext"))
    }
}
