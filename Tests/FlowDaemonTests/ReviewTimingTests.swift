import FlowAPI
import FlowConfig
import FlowCore
import Foundation
import HTTPTypes
import HummingbirdCore
import Logging
import Testing

@testable import FlowDaemon

/// The templates as the repository holds them.
private let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/FlowDaemon/Templates").path

@Suite struct ReviewTimingTests {
    /// A site whose engine has a draft approved through carl's link; returns the used link's token.
    static func siteWithUsedLink() async throws -> (ReviewSite, String) {
        let (engine, _) = try makeEngine(
            temporaryDirectory(),
            extra: "[webhooks]\nlisten = \"127.0.0.1:9\"\npublic_url = \"https://review.example.com\"\n")
        let site = try #require(ReviewSite.load(from: [templates], engine: engine, logger: Logger(label: "test")))
        let root = try engine.identify(uid: 5000, actAs: nil)
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let draft = try await engine.wire.create(
            CreateRequest(client: "acme", title: "T", body: "Secret body"), by: ana)
        _ = try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
        let url = try await engine.newLink(draft.id, for: "carl", by: root).url
        let token = String(url.split(separator: "/").last ?? "")
        let carl = try #require(engine.config.directory.users["carl"])
        _ = try await engine.commit(
            FlowCore.Request(.approve, expectedRevision: 1), on: draft.id,
            by: Actor(user: carl, via: "review-link"), receipt: nil, usingLink: LinkToken.hash(token))
        return (site, token)
    }

    @Test func unknownMalformedAndUsedTokensAllTakeAtLeastTheFloor() async throws {
        let (site, used) = try await Self.siteWithUsedLink()
        // A form for a known link without its anti-forgery token is refused (403) before the link's state counts.
        let cases = [
            ("unknown", String(repeating: "A", count: LinkToken.length), 404, 404), ("malformed", "nope", 404, 404),
            ("used", used, 410, 403),
        ]
        for (index, (name, token, expected, expectedPost)) in cases.enumerated() {
            let started = ContinuousClock.now
            let shown = try await site.show(
                token, done: nil, acceptLanguage: nil, address: "10.0.0.\(index)", started: started)
            let took = started.duration(to: .now)
            #expect(shown.status.code == expected, "GET \(name)")
            #expect(took >= ReviewSite.answerFloor, "GET \(name) answered after \(took)")

            let posted = ContinuousClock.now
            let decided = try await site.decide(
                token, form: .success(["action": "approve"]), origin: nil, acceptLanguage: nil,
                address: "10.0.1.\(index)",
                started: posted)
            let tookPost = posted.duration(to: .now)
            #expect(decided.status.code == expectedPost, "POST \(name)")
            #expect(tookPost >= ReviewSite.answerFloor, "POST \(name) answered after \(tookPost)")
        }
    }
}
