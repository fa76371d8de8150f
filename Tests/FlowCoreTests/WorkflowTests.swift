import FlowCore
import Foundation
import Testing

/// A small world: an agency writing for three clients (ACME, Globex, Initech); ACME's people can also write
/// for the agency to coach.
enum World {
    static let ana = User(name: "ana", side: .agency, roles: [.author])
    static let bob = User(name: "bob", side: .agency, roles: [.author, .approver])
    static let carl = User(name: "carl", side: .company, roles: [.approver])
    static let dora = User(name: "dora", side: .company, roles: [.approver])
    static let eve = User(name: "eve", side: .company, roles: [.approver])
    static let cora = User(name: "cora", side: .company, roles: [.author])
    static let pia = User(name: "pia", side: .agency, roles: [.publisher])
    static let adm = User(name: "adm", side: .agency, roles: [.admin])
    static let bea = User(name: "bea", side: .company, roles: [.approver])
    /// A company approver listed for ACME as a member only.
    static let max = User(name: "max", side: .company, roles: [.approver])
    /// An agency approver and author on Globex's account team only.
    static let nora = User(name: "nora", side: .agency, roles: [.author, .approver], clients: ["globex"])
    /// Initech's approver.
    static let ivy = User(name: "ivy", side: .company, roles: [.approver])
    /// A company author listed for Globex: must never write for ACME.
    static let gus = User(name: "gus", side: .company, roles: [.author])

    static let rules = Directory(
        clients: [
            "acme": Client(
                id: "acme", name: "ACME", approvers: ["carl", "dora"], backupApprovers: ["bea"],
                members: ["cora", "max"]),
            "globex": Client(id: "globex", name: "Globex", approvers: ["eve"], members: ["gus"]),
            "initech": Client(id: "initech", name: "Initech", approvers: ["ivy"]),
        ],
        lanes: [.normal: LanePolicy(requiredApprovals: 1), .crisis: LanePolicy(requiredApprovals: 2)],
        users: [ana, bob, carl, dora, eve, cora, pia, adm, bea, max, nora, ivy, gus])

    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func content(_ body: String = "We launch on May 1.") -> Content {
        Content(title: "Launch post", body: body, channels: ["linkedin"], publishAt: nil)
    }

    static func decide(
        _ command: Command, on draft: Draft?, by user: User, revision: Int? = nil, message: String? = nil,
        via: String? = nil
    ) throws(Refusal) -> Decision {
        try Workflow.decide(
            Request(command, expectedRevision: revision, message: message), on: draft,
            by: Actor(user: user, via: via), directory: rules, now: t0.addingTimeInterval(60), newID: 7)
    }

    static func created(lane: Lane = .normal, by author: User = ana) throws -> Draft {
        try decide(.create(client: "acme", lane: lane, content: content(), labels: []), on: nil, by: author).draft
    }

    static func inReview(lane: Lane = .normal, by author: User = ana) throws -> Draft {
        try decide(.submit, on: try created(lane: lane, by: author), by: author).draft
    }

    static func approved() throws -> Draft {
        try decide(.approve, on: try inReview(), by: carl).draft
    }

    static func published() throws -> Draft {
        try decide(
            .publish(url: "https://example.com/p/1", externalID: "x1", contentHash: nil), on: try approved(), by: pia
        )
        .draft
    }

    static func withdrawn() throws -> Draft {
        try decide(.withdraw, on: try created(), by: ana).draft
    }

    static func draft(in state: DraftState) throws -> Draft {
        switch state {
        case .draft: try created()
        case .review: try inReview()
        case .approved: try approved()
        case .published: try published()
        case .withdrawn: try withdrawn()
        }
    }
}

func refusal(_ body: () throws(Refusal) -> Decision) -> Refusal? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

@Suite struct StateTableRows {
    @Test func createStartsADraftAtRevisionOne() throws {
        let decision = try World.decide(
            .create(client: "acme", lane: .urgent, content: World.content(), labels: ["Launch"]), on: nil, by: World.ana
        )
        #expect(decision.draft.id == 7)
        #expect(decision.draft.state == .draft)
        #expect(decision.draft.revision == 1)
        #expect(decision.draft.lane == .urgent)
        #expect(decision.draft.labels == ["launch"])
        #expect(decision.draft.contentHash == World.content().hash)
        #expect(decision.newRevision)
        #expect(decision.events.count == 1)
        #expect(decision.events[0].kind == .create)
        #expect(decision.events[0].from == nil)
        #expect(decision.events[0].to == .draft)
    }

    @Test func editInDraftMakesANewRevision() throws {
        let draft = try World.created()
        let decision = try World.decide(.edit(ContentPatch(body: "New body")), on: draft, by: World.ana)
        #expect(decision.draft.state == .draft)
        #expect(decision.draft.revision == 2)
        #expect(decision.draft.content.body == "New body")
        #expect(decision.draft.contentHash != draft.contentHash)
        #expect(decision.newRevision)
        #expect(decision.events[0].data["hash"] == decision.draft.contentHash)
    }

    @Test func submitMovesToReview() throws {
        let decision = try World.decide(.submit, on: try World.created(), by: World.ana)
        #expect(decision.draft.state == .review)
        #expect(decision.events[0].from == .draft)
        #expect(decision.events[0].to == .review)
    }

    @Test func approveReachesApprovedWhenTheLaneNeedsOne() throws {
        let review = try World.inReview()
        let decision = try World.decide(.approve, on: review, by: World.carl)
        #expect(decision.draft.state == .approved)
        #expect(decision.draft.approvedHash == review.contentHash)
        #expect(decision.draft.currentApprovals.map(\.user) == ["carl"])
        #expect(decision.events[0].data["approvals"] == "1/1")
    }

    @Test func approveStaysInReviewUntilTheLaneHasEnough() throws {
        let review = try World.inReview(lane: .crisis)
        let first = try World.decide(.approve, on: review, by: World.carl)
        #expect(first.draft.state == .review)
        #expect(first.draft.approvedHash == nil)
        #expect(first.events[0].data["approvals"] == "1/2")
        let second = try World.decide(.approve, on: first.draft, by: World.dora)
        #expect(second.draft.state == .approved)
        #expect(second.draft.currentApprovals.map(\.user) == ["carl", "dora"])
    }

    @Test func requestChangesReturnsToDraftWithTheReason() throws {
        let review = try World.inReview(lane: .crisis)
        let partly = try World.decide(.approve, on: review, by: World.carl).draft
        let decision = try World.decide(.requestChanges, on: partly, by: World.dora, message: "Name the date")
        #expect(decision.draft.state == .draft)
        #expect(decision.draft.approvals.isEmpty)
        #expect(decision.events[0].message == "Name the date")
    }

    @Test func publishRecordsWhere() throws {
        let approved = try World.approved()
        let decision = try World.decide(
            .publish(url: "https://li.example/1", externalID: "li-1", contentHash: approved.contentHash), on: approved,
            by: World.pia)
        #expect(decision.draft.state == .published)
        #expect(decision.draft.publishedURL == "https://li.example/1")
        #expect(decision.draft.externalID == "li-1")
        #expect(decision.events[0].data["url"] == "https://li.example/1")
    }

    @Test func editAfterApprovalVoidsTheApproval() throws {
        let approved = try World.approved()
        let decision = try World.decide(.edit(ContentPatch(title: "Launch, revised")), on: approved, by: World.ana)
        #expect(decision.draft.state == .draft)
        #expect(decision.draft.approvedHash == nil)
        #expect(decision.draft.currentApprovals.isEmpty)
        #expect(decision.draft.revision == 2)
        #expect(decision.events[0].data["voided"] != nil)
        // Submitting again needs a fresh approval of the new revision.
        let review = try World.decide(.submit, on: decision.draft, by: World.ana).draft
        #expect(review.state == .review)
        #expect(review.currentApprovals.isEmpty)
    }

    @Test(arguments: [DraftState.draft, .review, .approved])
    func withdrawEndsTheDraft(from state: DraftState) throws {
        let draft = try World.draft(in: state)
        let byAuthor = try World.decide(.withdraw, on: draft, by: World.ana)
        #expect(byAuthor.draft.state == .withdrawn)
        let byAdmin = try World.decide(.withdraw, on: draft, by: World.adm)
        #expect(byAdmin.draft.state == .withdrawn)
    }

    @Test(arguments: DraftState.allCases)
    func commentKeepsTheState(in state: DraftState) throws {
        let draft = try World.draft(in: state)
        let decision = try World.decide(.comment, on: draft, by: World.cora, message: "Looks good")
        #expect(decision.draft.state == state)
        #expect(decision.draft.revision == draft.revision)
        #expect(decision.draft.updatedAt == draft.updatedAt)
        #expect(decision.events[0].kind == .comment)
        #expect(decision.events[0].message == "Looks good")
    }

    @Test func theCompanyCanWriteAndTheAgencyReview() throws {
        let review = try World.inReview(by: World.cora)
        let decision = try World.decide(.approve, on: review, by: World.bob)
        #expect(decision.draft.state == .approved)
    }

    @Test func anAdminActingForAUserIsRecordedWithBoth() throws {
        let decision = try World.decide(.submit, on: try World.created(), by: World.ana, via: "adm")
        #expect(decision.events[0].actor == "ana")
        #expect(decision.events[0].via == "adm")
    }
}

@Suite struct Refusals {
    static let everyPair: [(DraftState, Action)] = DraftState.allCases.flatMap { state in
        Action.allCases.filter { $0 != .create && !Workflow.allowedActions(in: state).contains($0) }.map { (state, $0) }
    }

    static func command(for action: Action) -> Command {
        switch action {
        case .create: .create(client: "acme", lane: .normal, content: World.content(), labels: [])
        case .edit: .edit(ContentPatch(body: "changed"))
        case .submit: .submit
        case .approve: .approve
        case .requestChanges: .requestChanges
        case .publish: .publish(url: nil, externalID: nil, contentHash: nil)
        case .withdraw: .withdraw
        case .comment: .comment
        case .acknowledge: .acknowledge(until: World.t0.addingTimeInterval(3600))
        }
    }

    @Test(arguments: everyPair)
    func actionsOutsideTheTableAreRefusedNamingStateAndAllowedActions(state: DraftState, action: Action) throws {
        let draft = try World.draft(in: state)
        let user = User(name: "root", side: .company, roles: Set(Role.allCases))
        let refused = refusal { () throws(Refusal) in
            try World.decide(Self.command(for: action), on: draft, by: user, message: "because")
        }
        #expect(refused?.code == .invalidTransition)
        #expect(refused?.message.contains("state \(state.rawValue)") == true)
        let allowed = Workflow.allowedActions(in: state).map(\.rawValue).joined(separator: ", ")
        #expect(refused?.message.contains(allowed) == true)
    }

    @Test func theTableCoversEveryRowOfTheDesign() {
        #expect(Workflow.allowedActions(in: .draft) == [.edit, .submit, .withdraw, .comment])
        #expect(Workflow.allowedActions(in: .review) == [.approve, .requestChanges, .acknowledge, .withdraw, .comment])
        #expect(Workflow.allowedActions(in: .approved) == [.publish, .edit, .withdraw, .comment])
        #expect(Workflow.allowedActions(in: .published) == [.comment])
        #expect(Workflow.allowedActions(in: .withdrawn) == [.comment])
    }

    @Test func staleRevisionIsRefused() throws {
        let draft = try World.decide(.edit(ContentPatch(body: "v2")), on: try World.created(), by: World.ana).draft
        let refused = refusal { () throws(Refusal) in try World.decide(.submit, on: draft, by: World.ana, revision: 1) }
        #expect(refused?.code == .staleRevision)
        #expect(refused?.message.contains("revision 2, not 1") == true)
        #expect((try? World.decide(.submit, on: draft, by: World.ana, revision: 2)) != nil)
    }

    @Test func theAuthorOfTheRevisionCannotApproveIt() throws {
        let review = try World.inReview(by: World.bob)
        let refused = refusal { () throws(Refusal) in try World.decide(.approve, on: review, by: World.bob) }
        #expect(refused?.code == .forbidden)
        #expect(refused?.message.contains("wrote revision") == true)
    }

    @Test func anApproverOnTheWritingSideCannotApprove() throws {
        let review = try World.inReview(by: World.ana)
        let refused = refusal { () throws(Refusal) in try World.decide(.approve, on: review, by: World.bob) }
        #expect(refused?.code == .forbidden)
        #expect(refused?.message.contains("reviewed by the company side") == true)
        let changes = refusal { () throws(Refusal) in
            try World.decide(.requestChanges, on: review, by: World.bob, message: "no")
        }
        #expect(changes?.code == .forbidden)
    }

    @Test func aBackupApproverReviewsOnlyOnceEscalationAddsThem() throws {
        var review = try World.inReview()
        let before = refusal { () throws(Refusal) in try World.decide(.approve, on: review, by: World.bea) }
        #expect(before?.code == .forbidden)
        review.extraReviewers = ["bea"]
        #expect(try World.decide(.approve, on: review, by: World.bea).draft.state == .approved)
    }

    @Test func aCompanyApproverNotListedForTheClientCannotApprove() throws {
        let review = try World.inReview()
        let refused = refusal { () throws(Refusal) in try World.decide(.approve, on: review, by: World.max) }
        #expect(refused?.code == .forbidden)
        #expect(refused?.message.contains("max is not an approver of client acme") == true)
    }

    @Test func anotherClientsApproverGetsNotFound() throws {
        let review = try World.inReview()
        let refused = refusal { () throws(Refusal) in try World.decide(.approve, on: review, by: World.eve) }
        #expect(refused == Refusal(.notFound, "no draft 7"))
    }

    @Test func aUserWithoutTheRoleIsRefused() throws {
        let cases: [(Command, Draft, User, String?)] = [
            (
                .create(client: "acme", lane: .normal, content: World.content(), labels: []), try World.created(),
                World.carl, nil
            ),
            (.edit(ContentPatch(body: "x")), try World.created(), World.carl, nil),
            (.submit, try World.created(), World.pia, nil),
            (.approve, try World.inReview(), World.cora, nil),
            (.requestChanges, try World.inReview(), World.cora, "why"),
            (.publish(url: nil, externalID: nil, contentHash: nil), try World.approved(), World.ana, nil),
            (.withdraw, try World.created(), World.carl, nil),
        ]
        for (command, draft, user, message) in cases {
            let refused = refusal { () throws(Refusal) in
                try Workflow.decide(
                    Request(command, message: message), on: command.action == .create ? nil : draft,
                    by: Actor(user: user),
                    directory: World.rules, now: World.t0)
            }
            #expect(refused?.code == .forbidden, "\(command.action) by \(user.name)")
        }
    }

    @Test func approvingTwiceIsRefused() throws {
        let review = try World.inReview(lane: .crisis)
        let once = try World.decide(.approve, on: review, by: World.carl).draft
        let refused = refusal { () throws(Refusal) in try World.decide(.approve, on: once, by: World.carl) }
        #expect(refused?.code == .invalidTransition)
        #expect(refused?.message.contains("already") == true)
    }

    @Test func requestChangesNeedsAReason() throws {
        let review = try World.inReview()
        for reason in [nil, "", "   \n"] {
            let refused = refusal { () throws(Refusal) in
                try World.decide(.requestChanges, on: review, by: World.carl, message: reason)
            }
            #expect(refused?.code == .invalidRequest)
        }
    }

    @Test func publishRefusesAHashOtherThanTheApprovedOne() throws {
        let approved = try World.approved()
        let refused = refusal { () throws(Refusal) in
            try World.decide(
                .publish(url: nil, externalID: nil, contentHash: "sha256:0000"), on: approved, by: World.pia)
        }
        #expect(refused?.code == .hashMismatch)
        var tampered = approved
        tampered.contentHash = "sha256:changed"
        let drifted = refusal { () throws(Refusal) in
            try World.decide(.publish(url: nil, externalID: nil, contentHash: nil), on: tampered, by: World.pia)
        }
        #expect(drifted?.code == .hashMismatch)
    }

    @Test func badContentIsRefused() throws {
        let bad: [Content] = [
            Content(title: "  ", body: "b", channels: [], publishAt: nil),
            Content(title: "two\nlines", body: "b", channels: [], publishAt: nil),
            Content(title: String(repeating: "t", count: 301), body: "b", channels: [], publishAt: nil),
            Content(
                title: "t", body: String(repeating: "b", count: Workflow.maxBodyBytes + 1), channels: [], publishAt: nil
            ),
            Content(title: "t", body: "b", channels: ["Linked In"], publishAt: nil),
        ]
        for content in bad {
            let refused = refusal { () throws(Refusal) in
                try World.decide(
                    .create(client: "acme", lane: .normal, content: content, labels: []), on: nil, by: World.ana)
            }
            #expect(refused?.code == .invalidRequest)
        }
        let unknownClient = refusal { () throws(Refusal) in
            try World.decide(
                .create(client: "nope", lane: .normal, content: World.content(), labels: []), on: nil, by: World.ana)
        }
        #expect(unknownClient?.code == .invalidRequest)
        #expect(unknownClient?.message.contains("unknown client") == true)
    }

    @Test func anEditThatChangesNothingIsRefused() throws {
        let draft = try World.created()
        let empty = refusal { () throws(Refusal) in try World.decide(.edit(ContentPatch()), on: draft, by: World.ana) }
        #expect(empty?.code == .invalidRequest)
        let same = refusal { () throws(Refusal) in
            try World.decide(.edit(ContentPatch(body: draft.content.body)), on: draft, by: World.ana)
        }
        #expect(same?.code == .invalidRequest)
    }

    @Test func submittingAnEmptyBodyIsRefused() throws {
        let draft = try World.decide(
            .create(client: "acme", lane: .normal, content: World.content(""), labels: []), on: nil, by: World.ana
        ).draft
        #expect(
            refusal { () throws(Refusal) in try World.decide(.submit, on: draft, by: World.ana) }?.code
                == .invalidRequest)
    }

    @Test func anEmptyCommentIsRefused() throws {
        let draft = try World.created()
        let refused = refusal { () throws(Refusal) in
            try World.decide(.comment, on: draft, by: World.ana, message: " ")
        }
        #expect(refused?.code == .invalidRequest)
    }

    @Test func aMissingDraftIsNotFound() {
        let refused = refusal { () throws(Refusal) in try World.decide(.submit, on: nil, by: World.ana) }
        #expect(refused?.code == .notFound)
    }
}

@Suite struct ContentHashes {
    @Test func theHashIsStableAndCoversEveryField() {
        let base = Content(title: "T", body: "B", channels: ["x"], publishAt: nil)
        #expect(base.hash == Content(title: "T", body: "B", channels: ["x"], publishAt: nil).hash)
        #expect(base.hash.hasPrefix("sha256:"))
        #expect(base.hash.count == 7 + 64)
        let variants = [
            Content(title: "T2", body: "B", channels: ["x"], publishAt: nil),
            Content(title: "T", body: "B2", channels: ["x"], publishAt: nil),
            Content(title: "T", body: "B", channels: ["x", "linkedin"], publishAt: nil),
            Content(title: "T", body: "B", channels: ["x"], publishAt: Date(timeIntervalSince1970: 0)),
        ]
        for variant in variants { #expect(variant.hash != base.hash) }
    }

    @Test func fieldBoundariesCannotBeShifted() {
        let a = Content(title: "ab", body: "c", channels: [], publishAt: nil)
        let b = Content(title: "a", body: "bc", channels: [], publishAt: nil)
        #expect(a.hash != b.hash)
    }

    @Test func hexMatchesAKnownVector() {
        #expect(hex([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
    }
}

@Suite struct InputLimitTests {
    static func create(labels: [String] = [], channels: [String] = ["x"], title: String = "T") -> Request {
        Request(
            .create(
                client: "acme", lane: .normal,
                content: Content(title: title, body: "B", channels: channels, publishAt: nil), labels: labels))
    }

    @Test func everyFieldHasALimitCheckedBeforeTheDecision() {
        let cases: [(Request, String)] = [
            (Self.create(labels: (0..<33).map { "l\($0)" }), "at most 32 labels, not 33"),
            (Self.create(channels: (0..<17).map { "c\($0)" }), "at most 16 channels, not 17"),
            (Self.create(labels: [String(repeating: "a", count: 65)]), "is longer than 64 bytes"),
            (Self.create(title: String(repeating: "é", count: 700)), "title is longer than 300 characters"),
            (Request(.comment, message: String(repeating: "m", count: 16 * 1024 + 1)), "message is longer"),
            (Request(.edit(ContentPatch(body: String(repeating: "b", count: 256 * 1024 + 1)))), "body is longer"),
            (
                Request(.publish(url: String(repeating: "u", count: 2049), externalID: nil, contentHash: nil)),
                "url is longer"
            ),
        ]
        for (request, message) in cases {
            var refused: Refusal?
            do { try Workflow.precheck(request) } catch { refused = error }
            #expect(refused?.code == .invalidRequest)
            #expect(refused?.message.contains(message) == true, "\(refused?.message ?? "accepted")")
        }
        #expect(throws: Never.self) { try Workflow.precheck(Self.create(labels: (0..<32).map { "l\($0)" })) }
    }

    @Test func manyDuplicateLabelsCollapseInOnePass() throws {
        let labels = (0..<32).map { $0 % 2 == 0 ? "Same" : "same" }
        let created = try World.decide(
            .create(client: "acme", lane: .normal, content: World.content(), labels: labels), on: nil, by: World.ana)
        #expect(created.draft.labels == ["same"])
    }
}
