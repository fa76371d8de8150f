import FlowAPI
import FlowConfig
import FlowCore
import FlowRender
import FlowStore
import Foundation
import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import Testing

@testable import FlowDaemon

/// The templates as the repository holds them.
private let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/FlowDaemon/Templates").path

/// Collects what a response would send.
final class CollectedBytes: @unchecked Sendable {
    var bytes: [UInt8] = []
}

struct BodyCollector: ResponseBodyWriter {
    let into: CollectedBytes
    mutating func write(_ buffer: ByteBuffer) async throws { into.bytes += buffer.readableBytesView }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// An answer of the review site as a browser would get it.
struct SiteAnswer {
    var status: Int
    var headers: HTTPFields
    var html: String

    init(_ response: Response) async throws {
        let collected = CollectedBytes()
        try await response.body.write(BodyCollector(into: collected))
        status = response.status.code
        headers = response.headers
        html = String(decoding: collected.bytes, as: UTF8.self)
    }
}

/// Every page the review site answers with instead of a review page, reached the way a reader reaches it and
/// rendered through the real templates, in both languages: it states its case and shows nothing of the draft.
@Suite struct ReviewStatusPageTests {
    let engine: Engine
    let time: ManualTime
    let site: ReviewSite
    let root: Actor
    let ana: Actor
    let language: PageLanguage

    init(_ language: PageLanguage) async throws {
        (engine, time) = try makeEngine(
            temporaryDirectory(),
            extra: "[webhooks]\nlisten = \"127.0.0.1:9\"\npublic_url = \"https://review.example.com\"\n")
        site = try #require(ReviewSite.load(from: [templates], engine: engine, logger: Logger(label: "test")))
        root = try engine.identify(uid: 5000, actAs: nil)
        ana = try engine.identify(uid: 5001, actAs: nil)
        self.language = language
    }

    /// Every draft's title and body start with this: no status page may show it.
    static let secret = "Secret"

    var acceptLanguage: String { language == .de ? "de-DE,de;q=0.9,en;q=0.5" : "en-GB,en;q=0.9" }
    var text: PageText { PageText.of(language) }

    func inReview(_ number: Int) async throws -> Int64 {
        let draft = try await engine.wire.create(
            CreateRequest(
                client: "acme", title: "Post \(number)", body: "\(Self.secret) body \(number)"),
            by: ana)
        _ = try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
        return draft.id
    }

    func link(_ draft: Int64) async throws -> String {
        String(try await engine.newLink(draft, for: "carl", by: root).url.split(separator: "/").last ?? "")
    }

    func show(_ token: String, done: String? = nil, address: String = "10.0.0.1") async throws -> SiteAnswer {
        try await SiteAnswer(site.show(token, done: done, acceptLanguage: acceptLanguage, address: address))
    }

    /// Posts the page's form with a valid anti-forgery token unless `csrf` is given.
    func post(_ token: String, _ form: [String: String], csrf: String? = nil) async throws -> SiteAnswer {
        var form = form
        form["csrf"] = csrf ?? site.formToken(for: LinkToken.hash(token), at: time.now())
        return try await SiteAnswer(
            site.decide(token, form: .success(form), origin: nil, acceptLanguage: acceptLanguage, address: "10.0.0.1"))
    }

    func expectPage(
        _ answer: SiteAnswer, _ status: Int, _ heading: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let name = "\(language) \(heading)"
        #expect(answer.status == status, "\(name)", sourceLocation: sourceLocation)
        #expect(
            answer.html.contains(#"<html lang="\#(language.rawValue)">"#), "\(name)", sourceLocation: sourceLocation)
        #expect(answer.html.contains("<h1>\(heading)</h1>"), "\(name): \(answer.html)", sourceLocation: sourceLocation)
        #expect(!answer.html.contains("<form"), "\(name)", sourceLocation: sourceLocation)
        #expect(!answer.html.contains(Self.secret), "\(name)", sourceLocation: sourceLocation)
        #expect(!answer.html.contains("{{"), "\(name)", sourceLocation: sourceLocation)
    }

    @Test(arguments: PageLanguage.allCases)
    static func everyLinkStatusOutcomeAndRefusal(_ language: PageLanguage) async throws {
        let pages = try await ReviewStatusPageTests(language)
        try await pages.linkStates()
        try await pages.outcomesAndRefusals()
        try await pages.limits()
        try await pages.expired()
    }

    /// Unknown, malformed, used, done, superseded and revoked links.
    func linkStates() async throws {
        expectPage(try await show(String(repeating: "A", count: LinkToken.length)), 404, text.linkUnknown)
        expectPage(try await show("nope"), 404, text.linkUnknown)

        let first = try await inReview(1)
        let used = try await link(first)
        let spare = try await link(first)
        #expect(try await post(used, ["action": "approve"]).status == 303)
        let usedPage = try await show(used)
        expectPage(usedPage, 410, text.linkUsed)
        // A link its person may still see names the post it was for; an unknown one names nothing.
        #expect(usedPage.html.contains("“Post 1” · acme"), "\(usedPage.html)")
        #expect(try await !show("nope").html.contains("“Post"))
        expectPage(try await show(spare), 410, text.draftDone)

        let second = try await inReview(2)
        let asked = try await link(second)
        let older = try await link(second)
        #expect(try await post(asked, ["action": "request-changes", "message": "Fix it"]).status == 303)
        _ = try await engine.wire.act("edit", on: second, ActionRequest(body: "\(Self.secret) body 2b"), by: ana)
        let supersededPage = try await show(older)
        expectPage(supersededPage, 410, text.linkSuperseded)
        #expect(supersededPage.html.contains("“Post 2”"))

        let third = try await inReview(3)
        let revoked = try await link(third)
        _ = try await engine.revokeLinks(third, user: "carl", by: root)
        expectPage(try await show(revoked), 410, text.linkRevoked)
    }

    /// What a reader sees after commenting, promising, asking for changes and approving; a forged form.
    func outcomesAndRefusals() async throws {
        let draft = try await inReview(4)
        let token = try await link(draft)
        #expect(try await post(token, ["action": "comment", "message": "Looks fine"]).status == 303)
        let commented = try await show(token, done: "comment")
        expectPage(commented, 200, text.commented)
        // The way back from a comment leads to the post, still in review: relative to /r/<token>.
        #expect(commented.html.contains(#"<a href="\#(token)">\#(text.backToPost)</a>"#), "\(commented.html)")
        #expect(try await post(token, ["action": "acknowledge", "hours": "1"]).status == 303)
        let promised = try #require(try await engine.store.draft(draft)?.acknowledgedUntil)
        let until = SpokenTime.format(
            promised, in: engine.config.directory.clients["acme"]?.timeZone, language: language, now: time.now())
        expectPage(
            try await show(token, done: "acknowledge"), 200,
            text.acknowledged.replacingOccurrences(of: "%@", with: until))
        expectPage(try await post(token, ["action": "approve"], csrf: "1.forged"), 403, text.refused)
        // A form that says two things is refused whole and changes nothing: the approval below still goes through.
        let csrf = site.formToken(for: LinkToken.hash(token), at: time.now())
        let twice = "action=approve&csrf=\(csrf.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        let garbled = try await SiteAnswer(
            site.decide(
                token, form: ReviewSite.form(ByteBuffer(string: twice + "&action=request-changes")), origin: nil,
                acceptLanguage: acceptLanguage, address: "10.0.0.1"))
        expectPage(garbled, 400, text.refused)
        #expect(garbled.html.contains(text.formGarbled), "\(language)")
        // A page a reader never earned is not shown: the review page comes instead.
        #expect(try await show(token, done: "approve").html.contains("<form"))
        #expect(try await post(token, ["action": "approve"]).status == 303)
        expectPage(
            try await show(token, done: "approve"), 200, text.approved.replacingOccurrences(of: "%@", with: "1"))

        let other = try await inReview(5)
        let asking = try await link(other)
        #expect(try await post(asking, ["action": "request-changes", "message": "Fix it"]).status == 303)
        expectPage(try await show(asking, done: "request-changes"), 200, text.changesRequested)
    }

    /// A form over the size limit, and an address that guessed too often.
    func limits() async throws {
        let tooLarge = try await SiteAnswer(
            site.status(ReviewSite.tooLarge(limit: 4096, language: language), since: .now))
        expectPage(tooLarge, 413, text.refused)
        let draft = try await inReview(6)
        let token = try await link(draft)
        for _ in 0..<FailedAttempts().limit {
            expectPage(try await show("guess", address: "10.9.9.9"), 404, text.linkUnknown)
        }
        // Held off before any lookup: the address's own live link answers 429 too.
        let held = try await show(token, address: "10.9.9.9")
        expectPage(held, 429, text.tooMany)
        #expect(held.headers[.retryAfter] == "60")
        #expect(try await show(token).html.contains("<form"), "another address still gets the review page")
    }

    /// A link past its time; the clock is the engine's, moved by hand.
    func expired() async throws {
        let draft = try await inReview(7)
        let token = try await link(draft)
        let expires = try #require(try await engine.store.link(hash: LinkToken.hash(token))?.expiresAt)
        time.advance(expires.timeIntervalSince(time.now()) + 1)
        let page = try await show(token)
        expectPage(page, 410, text.linkExpired)
        #expect(page.html.contains("“Post 7”"))
    }
}
