import FlowCore
import Foundation
import Testing

/// Every (state, action, kind of actor) on a draft that ana (agency) wrote for ACME, against an oracle written
/// from docs/design.md by hand rather than from `StateTable`.
@Suite struct PermissionMatrixTests {
    enum Outcome: Equatable { case ok, notFound, invalidTransition, forbidden, invalidRequest }

    static let actors: [User] = [
        World.ana, World.bob, World.pia, World.adm, World.carl, World.dora, World.cora, World.bea, World.max,
        World.eve, World.nora, World.ivy, World.gus,
    ]
    static let inScope: Set<String> = ["ana", "bob", "pia", "adm", "carl", "dora", "cora", "bea", "max"]
    static let allowed: [DraftState: Set<Action>] = [
        .draft: [.edit, .submit, .withdraw, .comment],
        .review: [.approve, .requestChanges, .acknowledge, .withdraw, .comment],
        .approved: [.publish, .edit, .withdraw, .comment], .published: [.comment], .withdrawn: [.comment],
    ]
    /// Who may, among those in scope: authors in scope write; ACME's approvers review an agency revision; the
    /// publisher publishes; the draft's author or an admin withdraws; anyone in scope comments.
    static let permitted: [Action: Set<String>] = [
        .edit: ["ana", "bob", "cora"], .submit: ["ana", "bob", "cora"], .approve: ["carl", "dora"],
        .requestChanges: ["carl", "dora"], .acknowledge: ["carl", "dora"], .publish: ["pia"],
        .withdraw: ["ana", "adm"], .comment: inScope,
    ]

    static func expected(_ user: User, _ action: Action, in state: DraftState) -> Outcome {
        guard inScope.contains(user.name) else { return .notFound }
        guard allowed[state]!.contains(action) else { return .invalidTransition }
        return permitted[action]!.contains(user.name) ? .ok : .forbidden
    }

    static func outcome(_ body: () throws(Refusal) -> Decision) -> Outcome {
        do {
            _ = try body()
            return .ok
        } catch {
            switch error.code {
            case .notFound: return .notFound
            case .invalidTransition: return .invalidTransition
            case .forbidden: return .forbidden
            default: return .invalidRequest
            }
        }
    }

    @Test(arguments: DraftState.allCases)
    func everyActorAndActionIn(state: DraftState) throws {
        let draft = try World.draft(in: state)
        for user in Self.actors {
            for action in Action.allCases where action != .create {
                let got = Self.outcome { () throws(Refusal) in
                    try World.decide(Refusals.command(for: action), on: draft, by: user, message: "because")
                }
                #expect(got == Self.expected(user, action, in: state), "\(user.name) \(action.rawValue) in \(state)")
            }
        }
    }

    @Test func createNeedsRoleAuthorAndTheClientInScope() {
        let expected: [String: Outcome] = [
            "ana": .ok, "bob": .ok, "cora": .ok, "pia": .forbidden, "adm": .forbidden, "carl": .forbidden,
            "dora": .forbidden, "bea": .forbidden, "max": .forbidden, "nora": .forbidden,
            // Another client's people learn nothing, not even that ACME is a client.
            "eve": .invalidRequest, "ivy": .invalidRequest, "gus": .invalidRequest,
        ]
        for user in Self.actors {
            let got = Self.outcome { () throws(Refusal) in
                try World.decide(Refusals.command(for: .create), on: nil, by: user)
            }
            #expect(got == expected[user.name], "\(user.name) create")
        }
        let nora = refusal { () throws(Refusal) in
            try World.decide(Refusals.command(for: .create), on: nil, by: World.nora)
        }
        #expect(nora?.message == "nora is not a member of client acme")
        let eve = refusal { () throws(Refusal) in
            try World.decide(Refusals.command(for: .create), on: nil, by: World.eve)
        }
        #expect(eve?.message == #"unknown client "acme""#)
    }

    @Test func aDraftOutsideTheScopeAnswersLikeOneThatDoesNotExist() throws {
        let draft = try World.inReview()
        let hidden = refusal { () throws(Refusal) in try World.decide(.approve, on: draft, by: World.eve) }
        var gone = draft
        gone.id = 7
        #expect(hidden == Refusal(.notFound, "no draft \(draft.id)"))
        // Whatever the state or revision asked for, the answer is the same.
        let stale = refusal { () throws(Refusal) in
            try World.decide(
                .publish(url: nil, externalID: nil, contentHash: nil), on: draft, by: World.ivy, revision: 99)
        }
        #expect(stale == hidden)
    }

    /// The same walk on a draft whose client was removed from the config: out of scope it is still not found;
    /// in scope only an admin may act, and only as the table allows.
    @Test(arguments: DraftState.allCases)
    func anOrphanedDraftIn(state: DraftState) throws {
        let draft = try World.draft(in: state)
        var directory = World.rules
        directory.clients["acme"] = nil
        for user in Self.actors {
            for action in Action.allCases where action != .create {
                let got = Self.outcome { () throws(Refusal) in
                    try Workflow.decide(
                        Request(Refusals.command(for: action), message: "because"), on: draft, by: Actor(user: user),
                        directory: directory, now: World.t0.addingTimeInterval(60))
                }
                let expected: Outcome
                if !directory.scope(of: user).contains("acme") {
                    expected = .notFound
                } else if user.name != "adm" {
                    expected = .forbidden
                } else {
                    expected = Self.expected(user, action, in: state)
                }
                #expect(got == expected, "\(user.name) \(action.rawValue) on an orphan in \(state)")
            }
        }
    }

    /// Acting through an admin (`--as`) gives nobody more rights than their own; and whoever wrote the revision
    /// (here adm, in ana's name) may not review it in anyone's name.
    @Test(arguments: [DraftState.draft, .review, .approved])
    func actingThroughAnAdminIn(state: DraftState) throws {
        let draft = try World.draft(in: state)
        for user in Self.actors {
            for action in Action.allCases where action != .create {
                let got = Self.outcome { () throws(Refusal) in
                    try World.decide(Refusals.command(for: action), on: draft, by: user, message: "because", via: "adm")
                }
                #expect(got == Self.expected(user, action, in: state), "\(user.name) via adm \(action.rawValue)")
            }
        }
        guard state == .review else { return }
        var written = draft
        written.revisionVia = "adm"
        for reviewer in [World.carl, World.dora] {
            for command in [Command.approve, .requestChanges] {
                let got = Self.outcome { () throws(Refusal) in
                    try World.decide(command, on: written, by: reviewer, message: "because", via: "adm")
                }
                #expect(got == .forbidden, "\(reviewer.name) via the revision's writer")
                let own = Self.outcome { () throws(Refusal) in
                    try World.decide(command, on: written, by: reviewer, message: "because")
                }
                #expect(own == .ok, "\(reviewer.name) in their own name")
            }
        }
    }

    /// A revision ACME's cora wrote is reviewed by the agency (bob), withdrawn by cora or an admin; other clients'
    /// people still find nothing.
    @Test(arguments: [DraftState.draft, .review, .approved, .published])
    func aCompanyWrittenDraftIn(state: DraftState) throws {
        var draft = try World.created(by: World.cora)
        if state != .draft { draft = try World.decide(.submit, on: draft, by: World.cora).draft }
        if state == .approved || state == .published {
            draft = try World.decide(.approve, on: draft, by: World.bob).draft
        }
        if state == .published {
            draft = try World.decide(.publish(url: nil, externalID: nil, contentHash: nil), on: draft, by: World.pia)
                .draft
        }
        #expect(draft.state == state)
        var permitted = Self.permitted
        permitted[.approve] = ["bob"]
        permitted[.requestChanges] = ["bob"]
        permitted[.acknowledge] = ["bob"]
        permitted[.withdraw] = ["cora", "adm"]
        for user in Self.actors {
            for action in Action.allCases where action != .create {
                let got = Self.outcome { () throws(Refusal) in
                    try World.decide(Refusals.command(for: action), on: draft, by: user, message: "because")
                }
                var expected = Self.expected(user, action, in: state)
                if expected == .ok || expected == .forbidden {
                    expected = permitted[action]!.contains(user.name) ? .ok : .forbidden
                }
                #expect(got == expected, "\(user.name) \(action.rawValue) on cora's draft in \(state)")
            }
        }
    }

    @Test func companyWrittenRevisionsAreReviewedByTheAgencyTeamOfTheClient() throws {
        let review = try World.inReview(by: World.cora)
        #expect(World.rules.reviewers(of: review) == ["bob"])
        #expect(try World.decide(.approve, on: review, by: World.bob).draft.state == .approved)
        let nora = refusal { () throws(Refusal) in try World.decide(.approve, on: review, by: World.nora) }
        #expect(nora?.code == .notFound)
        let carl = refusal { () throws(Refusal) in try World.decide(.approve, on: review, by: World.carl) }
        #expect(carl?.message.contains("reviewed by the agency side") == true)
    }
}
