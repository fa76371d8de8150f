import FlowCore
import Foundation
import Testing

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
