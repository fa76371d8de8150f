import FlowCore
import FlowRender
import Foundation
import Testing

/// A generator that repeats one value: tokens made with it are predictable, as a test needs.
private struct Repeating: RandomNumberGenerator {
    var value: UInt64
    mutating func next() -> UInt64 { value }
}

@Suite struct LinkTokenTests {
    @Test func tokensAre256BitsOfURLSafeText() {
        var ones = Repeating(value: .max)
        let token = LinkToken.make(using: &ones)
        #expect(token == String(repeating: "_", count: 42) + "8")
        #expect(token.count == LinkToken.length)
        #expect(LinkToken.isWellFormed(token))
        var many: Set<String> = []
        for _ in 0..<200 { many.insert(LinkToken.make()) }
        #expect(many.count == 200)
        #expect(many.allSatisfy(LinkToken.isWellFormed))
    }

    @Test func onlyTheHashIsKeptAndItIsSHA256() {
        // printf %s "abc" | sha256sum
        #expect(LinkToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let token = LinkToken.make()
        #expect(LinkToken.hash(token).count == 64)
        #expect(LinkToken.hash(token) != LinkToken.hash(LinkToken.make()))
    }

    @Test(arguments: [
        "", "short", String(repeating: "a", count: 44), String(repeating: "a", count: 42) + "+",
        String(repeating: "a", count: 42) + "=", String(repeating: "ä", count: 21) + "a",
    ])
    func malformedTokensAreRecognisedBeforeAnyLookup(text: String) {
        #expect(!LinkToken.isWellFormed(text))
    }
}

@Suite struct ReviewLinkStatusTests {
    static let t0 = World.t0
    static func link(used: Date? = nil, revoked: Date? = nil, expires: Double = 3600) -> ReviewLink {
        ReviewLink(
            tokenHash: LinkToken.hash("x"), draftID: 1, revision: 2, user: "carl", createdAt: t0,
            expiresAt: t0.addingTimeInterval(expires), usedAt: used, revokedAt: revoked,
            revokedWhy: revoked == nil ? nil : "the draft was withdrawn")
    }

    @Test func aLinkIsLiveUntilItExpiresIsUsedRevokedOrSuperseded() {
        let now = Self.t0.addingTimeInterval(60)
        #expect(Self.link().status(draftRevision: 2, now: now) == .live)
        #expect(Self.link().status(draftRevision: 3, now: now) == .superseded(byRevision: 3))
        #expect(
            Self.link(expires: 30).status(draftRevision: 2, now: now) == .expired(at: Self.t0.addingTimeInterval(30)))
        #expect(Self.link(used: Self.t0).status(draftRevision: 2, now: now) == .used(at: Self.t0))
        // A used link stays used whatever came after; an older revision's link says so even when the new
        // revision revoked it; otherwise revocation says why.
        #expect(Self.link(used: Self.t0, revoked: Self.t0).status(draftRevision: 3, now: now) == .used(at: Self.t0))
        #expect(Self.link(revoked: Self.t0).status(draftRevision: 3, now: now) == .superseded(byRevision: 3))
        #expect(
            Self.link(revoked: Self.t0, expires: 30).status(draftRevision: 2, now: now)
                == .revoked(why: "the draft was withdrawn"))
        #expect(Self.link().shortHash == String(LinkToken.hash("x").prefix(12)))
    }
}

@Suite struct LinkGrantTests {
    static var directory: Directory {
        var directory = World.rules
        directory.reviewLinks = true
        directory.linkMaxAge = TimeSpan("2d")!
        directory.lanes[.normal] = LanePolicy(
            reviewSLA: TimeSpan("1d")!, clock: .always,
            ladder: [
                LadderStep(after: TimeSpan("1h")!, action: .remind),
                LadderStep(after: TimeSpan("2h")!, action: .escalate, to: "backup_approvers"),
            ])
        return directory
    }

    static func decide(_ command: Command, on draft: Draft?, by user: User, at now: Date = World.t0)
        throws(Refusal) -> Decision
    {
        try Workflow.decide(
            Request(command, message: "m"), on: draft, by: Actor(user: user), directory: directory, now: now, newID: 7)
    }

    @Test func enteringReviewMintsALinkPerReviewerUntilTheReviewDeadline() throws {
        let created = try Self.decide(
            .create(client: "acme", lane: .normal, content: World.content(), labels: []), on: nil, by: World.ana)
        #expect(created.links.isEmpty)
        let submitted = try Self.decide(.submit, on: created.draft, by: World.ana)
        let deadline = World.t0.addingTimeInterval(86_400)
        #expect(
            submitted.links.mint == [
                LinkGrant(user: "carl", revision: 1, expiresAt: deadline),
                LinkGrant(user: "dora", revision: 1, expiresAt: deadline),
            ])
        // Without a review deadline the configured maximum bounds a link.
        var open = Self.directory
        open.lanes[.normal]?.reviewSLA = nil
        let grants = open.linkGrants(for: ["carl", "carl", "nobody"], on: created.draft, now: World.t0)
        #expect(grants == [LinkGrant(user: "carl", revision: 1, expiresAt: World.t0.addingTimeInterval(2 * 86_400))])
        // Without a public address nobody gets a link.
        var off = Self.directory
        off.reviewLinks = false
        #expect(off.linkGrants(for: ["carl"], on: created.draft, now: World.t0).isEmpty)
    }

    @Test func aNewRevisionAndWithdrawalRevokeTheLinks() throws {
        let review = try Self.decide(.submit, on: try World.created(), by: World.ana).draft
        let back = try Self.decide(.requestChanges, on: review, by: World.carl)
        #expect(back.links == LinkPlan())
        let edited = try Self.decide(.edit(ContentPatch(body: "v2")), on: back.draft, by: World.ana)
        #expect(edited.links.revokeAll == "revision 1 was replaced by revision 2")
        let withdrawn = try Self.decide(.withdraw, on: review, by: World.ana)
        #expect(withdrawn.links.revokeAll == "the draft was withdrawn")
    }

    @Test func remindersAndEscalationsMintLinksForWhomTheyTell() throws {
        let submitted = try Self.decide(.submit, on: try World.created(), by: World.ana)
        let timers = submitted.timers.add.enumerated().map { index, timer in
            var timer = timer
            timer.id = Int64(index + 1)
            return timer
        }
        let remind = try #require(timers.first { $0.ladderStep?.action == .remind })
        let reminded = Deadlines.fire(remind, on: submitted.draft, directory: Self.directory, now: remind.dueAt)
        #expect(reminded.links.mint.map(\.user) == ["carl", "dora"])
        let escalate = try #require(timers.first { $0.ladderStep?.action == .escalate })
        let escalated = Deadlines.fire(escalate, on: submitted.draft, directory: Self.directory, now: escalate.dueAt)
        #expect(escalated.links.mint.map(\.user) == ["bea"])
    }
}

@Suite struct LinkNotificationTests {
    @Test func jsonSinksCarryEachPersonsLinkAndChatChannelsNone() throws {
        let planner = OutboxPlanner(
            routes: [SinkRoute(name: "relay", format: .json), SinkRoute(name: "chat", format: .slack)], contacts: [:],
            directory: LinkGrantTests.directory, publicURL: "https://review.example.com", rendering: NoticeRenderer())
        var submitted = try LinkGrantTests.decide(.submit, on: try World.created(), by: World.ana)
        let ref = LinkRef(id: 7, nonce: LinkRef.newNonce())
        submitted.linkRefs = ["carl": ref]
        let messages = planner.messages(for: submitted, pending: [])
        let relay = try #require(messages.first { $0.sink == "relay" }?.payload)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(relay.utf8)) as? [String: Any])
        let links = (object["data"] as? [String: Any])?["links"] as? [String: String]
        // The outbox holds a reference; the notifier writes the address at delivery.
        #expect(links == ["carl": ref.placeholder])
        let key = LinkKey.random()
        let delivered = key.addresses(in: relay, base: "https://review.example.com")
        #expect(delivered.contains("\"carl\":\"https://review.example.com/r/\(key.token(for: ref))\""))
        #expect(!delivered.contains("flowd-link:"))
        let chat = try #require(messages.first { $0.sink == "chat" }?.payload)
        #expect(!chat.contains(ref.nonce))
        // Without a public address the links go nowhere.
        var quiet = planner
        quiet.publicURL = nil
        #expect(quiet.messages(for: submitted, pending: []).allSatisfy { !$0.payload.contains(ref.nonce) })
    }
}

@Suite struct LinkKeyTests {
    @Test func aLinksTokenComesFromTheKeyAndItsRowAndAnotherKeyRevokesIt() throws {
        let key = try #require(LinkKey(bytes: [UInt8](repeating: 7, count: 32)))
        let ref = LinkRef(id: 12, nonce: "AAAAAAAAAAAAAAAAAAAAAA")
        let token = key.token(for: ref)
        #expect(LinkToken.isWellFormed(token))
        #expect(token == key.token(for: ref), "the same key and row give the same token")
        #expect(token != key.token(for: LinkRef(id: 13, nonce: ref.nonce)))
        #expect(token != key.token(for: LinkRef(id: 12, nonce: "BAAAAAAAAAAAAAAAAAAAAA")))
        #expect(LinkKey(bytes: [UInt8](repeating: 7, count: 31)) == nil, "a short key is refused")
        var link = ReviewLink(
            id: 12, nonce: ref.nonce, tokenHash: LinkToken.hash(token), draftID: 1, revision: 1, user: "carl",
            createdAt: World.t0, expiresAt: World.t0.addingTimeInterval(3600))
        let now = World.t0.addingTimeInterval(60)
        #expect(link.status(draftRevision: 1, now: now, key: key) == .live)
        let rotated = try #require(LinkKey(bytes: [UInt8](repeating: 8, count: 32)))
        #expect(link.status(draftRevision: 1, now: now, key: rotated) == .revoked(why: ReviewLink.rotated))
        link.nonce = nil
        #expect(link.status(draftRevision: 1, now: now, key: key) == .revoked(why: ReviewLink.rotated))
    }

    @Test func placeholdersBecomeAddressesAndLookAlikesStayWhatTheyAre() throws {
        let key = try #require(LinkKey(bytes: [UInt8](repeating: 1, count: 40)))
        let ref = LinkRef(id: 3, nonce: LinkRef.newNonce())
        let payload = #"{"a":"\#(ref.placeholder)","b":"flowd-link:","c":"flowd-link:9.short","d":"x"}"#
        let out = key.addresses(in: payload, base: "https://f.example")
        #expect(
            out
                == #"{"a":"https://f.example/r/\#(key.token(for: ref))","b":"flowd-link:","c":"flowd-link:9.short","d":"x"}"#
        )
        #expect(key.addresses(in: "no links", base: "https://f.example") == "no links")
    }
}

@Suite struct LinkRequestTests {
    static let admin = User(name: "ops", side: .agency, roles: [.admin])

    static func inReview() throws -> Draft {
        try LinkGrantTests.decide(.submit, on: try World.created(), by: World.ana).draft
    }

    @Test func onlyItsPersonAndAdminsSeeALinkAndEveryShowingIsRecorded() throws {
        var directory = LinkGrantTests.directory
        directory.users["ops"] = Self.admin
        let draft = try Self.inReview()
        let now = draft.updatedAt
        let refused = #expect(throws: Refusal.self) {
            try Workflow.decideLink(
                .show, for: "carl", on: draft, by: Actor(user: World.ana), directory: directory, now: now)
        }
        #expect(refused?.message.hasPrefix("ana may not see carl's review link") == true)
        let own = try Workflow.decideLink(
            .show, for: "carl", on: draft, by: Actor(user: World.carl), directory: directory, now: now)
        #expect(own.links.mint.map(\.shownTo) == ["carl"])
        #expect(own.events.map(\.kind) == [.linkShown])
        // An admin acting as carl is the admin at the keyboard: the link was shown to ops.
        let asCarl = try Workflow.decideLink(
            .show, for: "carl", on: draft, by: Actor(user: World.carl, via: "ops"), directory: directory, now: now)
        #expect(asCarl.links.mint.map(\.shownTo) == ["ops"])
        #expect(asCarl.events.first?.data["shown_to"] == "ops")
        // Sent, it is shown to nobody, and told to carl alone.
        let sent = try Workflow.decideLink(
            .send, for: "carl", on: draft, by: Actor(user: World.ana), directory: directory, now: now)
        #expect(sent.links.mint.map(\.shownTo) == [nil])
        #expect(sent.links.mint.map(\.mintedBy) == ["ana"])
        #expect(sent.told == ["carl"])
        #expect(sent.draft == draft, "minting a link changes nothing of the draft")
    }

    @Test func aLinkSentOnRequestGoesToJSONSinksOnlyAsAReminderToItsPerson() throws {
        let planner = OutboxPlanner(
            routes: [SinkRoute(name: "mail", format: .json), SinkRoute(name: "chat", format: .slack)], contacts: [:],
            directory: LinkGrantTests.directory, publicURL: "https://review.example.com", rendering: NoticeRenderer())
        let draft = try Self.inReview()
        var sent = try Workflow.decideLink(
            .send, for: "carl", on: draft, by: Actor(user: World.ana), directory: LinkGrantTests.directory,
            now: draft.updatedAt)
        sent.linkRefs = ["carl": LinkRef(id: 1, nonce: LinkRef.newNonce())]
        let messages = planner.messages(for: sent, pending: [])
        #expect(messages.map(\.sink) == ["mail"])
        #expect(messages.map(\.type) == [.reminder])
        #expect(planner.linkCarriers(client: "acme") == ["mail"])
    }

    @Test func aWriterWhoSawTheLinkCannotDecideThroughIt() throws {
        let draft = try Self.inReview()
        let through = Actor(user: World.carl, via: Actor.reviewLink, linkShownTo: "ana")
        let refused = #expect(throws: Refusal.self) {
            try Workflow.decide(
                Request(.approve), on: draft, by: through, directory: LinkGrantTests.directory, now: draft.updatedAt)
        }
        #expect(refused?.message == "ana wrote revision 1 and saw carl's link: four eyes")
        let clean = Actor(user: World.carl, via: Actor.reviewLink, linkShownTo: "carl")
        #expect(
            (try? Workflow.decide(
                Request(.approve), on: draft, by: clean, directory: LinkGrantTests.directory, now: draft.updatedAt))
                != nil)
    }
}

@Suite struct LinkCommentBudgetTests {
    @Test func tenCommentsAMinuteThroughOneLinkAndFiftyARound() {
        var budget = LinkCommentBudget()
        let t0 = World.t0
        for second in 0..<10 {
            let now = t0.addingTimeInterval(Double(second))
            #expect(budget.judge(link: "a", postedThisRound: second, now: now) == .allowed)
            budget.posted(link: "a", now: now)
        }
        let later = t0.addingTimeInterval(15)
        #expect(budget.judge(link: "a", postedThisRound: 10, now: later) == .tooFast(retryAfter: 45))
        #expect(budget.judge(link: "b", postedThisRound: 0, now: t0.addingTimeInterval(15)) == .allowed)
        #expect(budget.judge(link: "a", postedThisRound: 10, now: t0.addingTimeInterval(60)) == .allowed)
        #expect(budget.judge(link: "b", postedThisRound: LinkCommentBudget.perRound, now: t0) == .roundFull)
    }
}
