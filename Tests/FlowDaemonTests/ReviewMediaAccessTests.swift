import FlowAPI
import FlowConfig
import FlowCore
import FlowStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Testing

@testable import FlowDaemon

/// The templates as the repository holds them.
private let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/FlowDaemon/Templates").path

/// Who reaches a review link's media: the page's routes on the public listener's router, and the engine's read of
/// which medium a link leads to.
@Suite(.serialized) struct ReviewMediaAccessTests {
    /// An engine with a draft in review and carl's live link to it; returns the link's token and the draft's id.
    static func engineWithLink() async throws -> (Engine, String, Int64) {
        let (engine, _) = try makeEngine(
            temporaryDirectory(),
            extra: "[webhooks]\nlisten = \"127.0.0.1:9\"\npublic_url = \"https://review.example.com\"\n")
        let root = try engine.identify(uid: 5000, actAs: nil)
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let draft = try await engine.wire.create(CreateRequest(client: "acme", title: "T", body: "Body"), by: ana)
        _ = try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
        let url = try await engine.newLink(draft.id, for: "carl", by: root).url
        return (engine, String(url.split(separator: "/").last ?? ""), draft.id)
    }

    /// Each request through the public listener's router behind a listener, as status, headers and body.
    static func send(_ engine: Engine, _ requests: [(HTTPRequest.Method, String)], calendar: Bool = false)
        async throws -> [(Int, HTTPFields, String, [UInt8])]
    {
        let site = try #require(ReviewSite.load(from: [templates], engine: engine, logger: Logger(label: "test")))
        let router = Router(context: PublicContext.self)
        ReviewPageRoutes(engine: engine, site: site, bodyLimit: { 1 << 16 }).addRoutes(to: router)
        if calendar { CalendarFeedRoutes(engine: engine, site: site).addRoutes(to: router) }
        return try await throughListener(router, requests.map { ($0.0, $0.1, [:]) }).map {
            ($0.0, $0.1, String(decoding: $0.2, as: UTF8.self), $0.2)
        }
    }

    @Test func aPositionTheRevisionDoesNotHaveAnswersLikeAnUnknownLink() async throws {
        let (engine, token, _) = try await Self.engineWithLink()
        let unknown = String(repeating: "A", count: LinkToken.length)
        let answers = try await Self.send(
            engine,
            [
                (.get, "/r/\(unknown)/media/1"), (.get, "/r/\(token)/media/1"), (.get, "/r/\(token)/media/0"),
                (.get, "/r/\(token)/media/+1"), (.get, "/r/\(token)/media/99999"), (.head, "/r/\(token)/media/1"),
                (.get, "/r/\(token)"),
            ])
        #expect(answers[0].0 == 404)
        for (index, answer) in answers[1...4].enumerated() {
            #expect(answer.0 == 404 && answer.2 == answers[0].2, "request \(index + 1)")
            #expect(answer.1[.contentType] == answers[0].1[.contentType])
        }
        #expect(answers[5].0 == 404 && answers[5].2.isEmpty, "HEAD has no body")
        // The page of a post without media allows no media.
        #expect(answers[6].0 == 200)
        #expect(answers[6].1[.contentSecurityPolicy]?.contains("img-src") == false)
    }

    @Test func aUsedLinkReachesNoMediumAndAnswersLikeAnUnknownOne() async throws {
        let (engine, token, id) = try await Self.engineWithLink()
        let carl = try #require(engine.config.directory.users["carl"])
        _ = try await engine.commit(
            FlowCore.Request(.approve, expectedRevision: 1), on: id, by: Actor(user: carl, via: "review-link"),
            receipt: nil, usingLink: LinkToken.hash(token))
        let unknown = String(repeating: "B", count: LinkToken.length)
        let answers = try await Self.send(engine, [(.get, "/r/\(unknown)/media/1"), (.get, "/r/\(token)/media/1")])
        #expect(answers[1].0 == 404 && answers[1].2 == answers[0].2)
    }

    @Test func theEngineFindsTheLinksMediumAndItsFileAndNoOther() async throws {
        let (engine, token, _) = try await Self.engineWithLink()
        let (link, stored) = try #require(try await engine.reviewLink(hash: LinkToken.hash(token)))
        let bytes = Array("picture bytes".utf8)
        let sha = String(repeating: "ab", count: 32)
        let files = MediaFiles(database: engine.store.path)
        let path = try #require(files.path(of: sha))
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var draft = stored
        draft.content.media = [
            Medium(sha256: sha, kind: .png, byteCount: UInt64(bytes.count), width: 1, height: 1, alt: "a"),
            Medium(sha256: String(repeating: "cd", count: 32), kind: .png, byteCount: 1, width: 1, height: 1),
        ]
        let now = engine.time.now()
        let found = try #require(engine.reviewMedium(at: 1, link: link, draft: draft, now: now))
        #expect(found.medium.alt == "a" && found.path == path && found.size == UInt64(bytes.count))
        #expect(engine.reviewMedium(at: 2, link: link, draft: draft, now: now) == nil, "its file is gone")
        #expect(engine.reviewMedium(at: 3, link: link, draft: draft, now: now) == nil)
        var newer = draft
        newer.revision += 1
        #expect(engine.reviewMedium(at: 1, link: link, draft: newer, now: now) == nil, "superseded")
    }

    @Test func aCalendarFeedServesTheMediaOfTheDraftsItPreviewsAndNoOthers() async throws {
        let (engine, _, id) = try await Self.engineWithLink()
        let root = try engine.identify(uid: 5000, actAs: nil)
        let url = try #require(try await engine.calendarFeed(client: "acme", revoke: false, by: root).url)
        let feed = String(url.split(separator: "/").last?.dropLast(".ics".count) ?? "")
        let unknown = String(repeating: "C", count: LinkToken.length)
        let answers = try await Self.send(
            engine,
            [
                (.get, "/calendar/\(unknown)/\(id)/media/1"), (.get, "/calendar/\(feed)/\(id)/media/1"),
                (.get, "/calendar/\(feed)/99/media/1"), (.head, "/calendar/\(feed)/\(id)/media/1"),
            ],
            calendar: true)
        #expect(answers[0].0 == 404)
        #expect(answers[1].0 == 404 && answers[1].2 == answers[0].2, "the draft has no medium 1")
        #expect(answers[2].0 == 404 && answers[2].2 == answers[0].2)
        #expect(answers[3].0 == 404 && answers[3].2.isEmpty)
        let sha = String(repeating: "ef", count: 32)
        let path = try #require(MediaFiles(database: engine.store.path).path(of: sha))
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        var draft = try #require(try await engine.storedDraft(id))
        draft.content.media = [Medium(sha256: sha, kind: .gif, byteCount: 1, width: 1, height: 1)]
        #expect(engine.previewMedium(at: 1, of: draft)?.path == path)
        #expect(engine.previewMedium(at: 2, of: draft) == nil)
        draft.state = .approved
        #expect(engine.previewMedium(at: 1, of: draft) == nil, "the preview shows drafts in review only")
    }

    /// An engine with a draft in review for Instagram with one picture attached, whose file holds `pictureBytes`;
    /// returns the draft's id and the picture's hash.
    static func engineWithPicture() async throws -> (Engine, Int64, String) {
        let (engine, _) = try makeEngine(
            temporaryDirectory(),
            extra: "[webhooks]\nlisten = \"127.0.0.1:9\"\npublic_url = \"https://review.example.com\"\n")
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let sha = String(repeating: "9a", count: 32)
        let path = try #require(MediaFiles(database: engine.store.path).path(of: sha))
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(pictureBytes).write(to: URL(fileURLWithPath: path))
        let created = try await engine.wire.create(
            CreateRequest(client: "acme", title: "T", body: "Body", channels: ["instagram"]), by: ana)
        let medium = Medium(
            sha256: sha, kind: .png, byteCount: UInt64(pictureBytes.count), width: 1080, height: 1350,
            alt: "A <b>cat</b>")
        _ = try await engine.changeMedia(
            .attach(medium, position: nil), on: created.id, revision: nil, message: nil, by: ana)
        _ = try await engine.wire.act("submit", on: created.id, ActionRequest(), by: ana)
        return (engine, created.id, sha)
    }

    static let pictureBytes = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31) }

    @Test func aLiveLinkShowsAndServesItsRevisionsMediaAndANewRevisionEndsIt() async throws {
        let (engine, id, sha) = try await Self.engineWithPicture()
        let (root, ana) = (try engine.identify(uid: 5000, actAs: nil), try engine.identify(uid: 5001, actAs: nil))
        let bytes = Self.pictureBytes
        let url = try await engine.newLink(id, for: "carl", by: root).url
        let token = String(url.split(separator: "/").last ?? "")
        let unknown = String(repeating: "D", count: LinkToken.length)
        let live = try await Self.send(
            engine,
            [(.get, "/r/\(token)"), (.get, "/r/\(token)/media/1"), (.get, "/r/\(token)/media/2")])
        #expect(live[0].0 == 200)
        #expect(live[0].2.contains(#"<img src="\#(token)/media/1" width="1080" height="1350" alt="A &lt;b&gt;cat"#))
        #expect(live[0].2.contains(#"<div class="frame ratio-4-5"><img src="\#(token)/media/1""#))
        #expect(live[0].1[.contentSecurityPolicy]?.contains("img-src 'self'; media-src 'self'") == true)
        #expect(live[1].0 == 200 && live[1].3 == bytes)
        #expect(live[1].1[.contentType] == "image/png" && live[1].1[.eTag] == "\"\(sha)\"")
        #expect(live[2].0 == 404)
        // Carl asks for changes (in his own name) and ana describes the picture again: a new revision, so carl's link is superseded
        // and serves nothing.
        let carl = try #require(engine.config.directory.users["carl"])
        _ = try await engine.commit(
            FlowCore.Request(.requestChanges, expectedRevision: nil, message: "say what it shows"), on: id,
            by: Actor(user: carl), receipt: nil, usingLink: nil)
        _ = try await engine.changeMedia(
            .describe(position: 1, alt: "A cat"), on: id, revision: nil, message: nil, by: ana)
        let after = try await Self.send(engine, [(.get, "/r/\(unknown)/media/1"), (.get, "/r/\(token)/media/1")])
        #expect(after[1].0 == 404 && after[1].2 == after[0].2)
    }
}
