import FlowAPI
import FlowConfig
import FlowCore
import Foundation
import Logging
import Testing

@testable import FlowDaemon
@testable import FlowStore

/// ACME with two approvers, carl and dora, so that each could decide in their own name: what stops one from
/// deciding through the other's link is the link's scope, not the approver rule.
private func twoApprovers(_ directory: String) throws -> (Engine, ManualTime) {
    let config = try ConfigLoader.parse(
        """
        [[users]]
        name = "root"
        side = "agency"
        roles = ["admin"]
        uid = 5000

        [[users]]
        name = "ana"
        side = "agency"
        roles = ["author"]
        uid = 5001

        [[users]]
        name = "carl"
        side = "company"
        roles = ["approver"]

        [[users]]
        name = "dora"
        side = "company"
        roles = ["approver"]

        [[clients]]
        id = "acme"
        approvers = ["carl", "dora"]

        [webhooks]
        listen = "127.0.0.1:9"
        public_url = "https://review.example.com"
        """, path: "test.toml", baseDirectory: "/srv/flowd")
    let time = ManualTime(Date(timeIntervalSince1970: 1_790_000_000))
    let store = try Store(path: directory + "/flowd.db")
    return (Engine(config: config, store: store, time: time, logger: Logger(label: "test")), time)
}

@Suite struct LinkScopeTests {
    let engine: Engine
    let time: ManualTime
    let root: Actor
    let ana: Actor

    init() throws {
        (engine, time) = try twoApprovers(temporaryDirectory())
        root = try engine.identify(uid: 5000, actAs: nil)
        ana = try engine.identify(uid: 5001, actAs: nil)
    }

    func inReview(_ title: String) async throws -> Int64 {
        let draft = try await engine.wire.create(CreateRequest(client: "acme", title: title, body: "B"), by: ana)
        _ = try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
        return draft.id
    }

    /// A new link's hash, as the review site would look it up from the token in the address.
    func link(_ draft: Int64, for user: String) async throws -> String {
        let url = try await engine.newLink(draft, for: user, by: root).url
        return LinkToken.hash(String(url.split(separator: "/").last ?? ""))
    }

    /// What a review page's approve button does: the link's reader, the revision the page showed.
    func approve(_ draft: Int64, as user: String, revision: Int, link: String) async throws {
        let reader = try #require(engine.config.directory.users[user])
        _ = try await engine.commit(
            FlowCore.Request(.approve, expectedRevision: revision), on: draft,
            by: Actor(user: reader, via: "review-link"), receipt: nil, usingLink: link)
    }

    /// The draft's state, its number of events, and whether the link is still unused.
    func facts(_ draft: Int64, _ link: String) async throws -> (DraftState?, Int, Bool) {
        let state = try await engine.store.draft(draft)?.state
        let events = try await engine.store.events(draftID: draft).count
        let unused = try await engine.store.link(hash: link)?.usedAt == nil
        return (state, events, unused)
    }

    func expectRefused(
        _ code: ErrorCode, _ draft: Int64, as user: String, revision: Int, link: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let before = try await facts(draft, link)
        do {
            try await approve(draft, as: user, revision: revision, link: link)
            Issue.record("the decision went through", sourceLocation: sourceLocation)
        } catch let refusal as Refusal {
            #expect(ErrorCode(refusal.code) == code, "\(refusal.message)", sourceLocation: sourceLocation)
        }
        let after = try await facts(draft, link)
        #expect(after.0 == before.0 && after.1 == before.1, "the draft changed", sourceLocation: sourceLocation)
        #expect(after.2, "the link was used up", sourceLocation: sourceLocation)
    }

    @Test func aLinkOfAnotherDraftDecidesNothing() async throws {
        let first = try await inReview("First")
        let second = try await inReview("Second")
        let carls = try await link(first, for: "carl")
        try await expectRefused(.forbidden, second, as: "carl", revision: 1, link: carls)
        #expect(try await engine.store.draft(second)?.state == .review)
    }

    @Test func aLinkActsOnlyAsItsOwnPerson() async throws {
        let id = try await inReview("Post")
        let carls = try await link(id, for: "carl")
        // dora may approve in her own name, but not through carl's link.
        try await expectRefused(.forbidden, id, as: "dora", revision: 1, link: carls)
        try await approve(id, as: "carl", revision: 1, link: carls)
        #expect(try await engine.store.draft(id)?.state == .approved)
        let events = try await engine.store.events(draftID: id)
        #expect(events.last?.actor == "carl")
        #expect(events.last?.via == "review-link")
        #expect(try await engine.store.link(hash: carls)?.usedAt != nil)
    }

    @Test func aLinkForAnotherRevisionDecidesNothing() async throws {
        let id = try await inReview("Post")
        _ = try await engine.wire.act(
            "request-changes", on: id, ActionRequest(message: "date?"),
            by: try engine.identify(uid: 5000, actAs: "dora"))
        _ = try await engine.wire.act("edit", on: id, ActionRequest(body: "B2"), by: ana)
        _ = try await engine.wire.act("submit", on: id, ActionRequest(), by: ana)
        #expect(try await engine.store.draft(id)?.revision == 2)
        // A link for revision 1 that nothing revoked (a new revision revokes them all): only its revision is wrong.
        let grant = LinkGrant(user: "carl", revision: 1, expiresAt: time.now().addingTimeInterval(3600))
        let ref = try await engine.store.mintLink(draftID: id, grant, at: time.now())
        let old = LinkToken.hash(engine.store.linkKey.token(for: ref))
        try await expectRefused(.staleRevision, id, as: "carl", revision: 2, link: old)
        try await expectRefused(.staleRevision, id, as: "carl", revision: 1, link: old)
        #expect(try await engine.store.draft(id)?.state == .review)
    }

    @Test func anExpiredLinkDecidesNothing() async throws {
        let id = try await inReview("Post")
        let carls = try await link(id, for: "carl")
        let expires = try #require(try await engine.store.link(hash: carls)?.expiresAt)
        time.advance(expires.timeIntervalSince(time.now()) + 1)
        try await expectRefused(.staleRevision, id, as: "carl", revision: 1, link: carls)
    }
}
