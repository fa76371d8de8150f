import FlowCore
import Foundation
import Testing

/// design.md §3's table as written there (the "notes" column left out). `theTableIsTheDesignsTable` reads the
/// file itself where the repository sits beside `shared/`, so the two cannot drift apart unnoticed.
private let designTable = """
    | — | create | draft | author in the client's scope |
    | draft | edit | draft | author in the client's scope |
    | draft | submit | review | author in the client's scope |
    | review | approve | review or approved | approver on the reviewing side, not the author of the revision |
    | review | request-changes | draft | approver |
    | review | acknowledge | review | approver |
    | approved | publish | published | publisher or webhook |
    | approved | edit | draft | author |
    | draft, review, approved | withdraw | withdrawn | the draft's author or admin |
    | any | comment | same | anyone in the client's scope |
    """

/// One row of design.md's table, read as data.
private struct DesignRow: Equatable, CustomStringConvertible {
    var from: [DraftState?]
    var action: Action
    var to: Target
    var who: Permission

    var description: String { "\(from.map { $0?.rawValue ?? "—" }) \(action.rawValue) → \(to) by \(who)" }

    init?(_ line: Substring) {
        let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard cells.count >= 5, let action = Action(rawValue: cells[2]) else { return nil }
        self.action = action
        switch cells[1] {
        case "—": from = [nil]
        case "any": from = DraftState.allCases
        default:
            from = cells[1].split(separator: ",").map { DraftState(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        }
        switch cells[3] {
        case "same": to = .same
        case "review or approved": to = .approvedWhenEnough
        default:
            let state = DraftState(rawValue: cells[3])!
            // "review → acknowledge → review" is the table's way of saying the draft stays.
            to = from == [state] ? .same : .state(state)
        }
        let who = cells[4]
        if who.hasPrefix("author") {
            self.who = .role(.author)
        } else if who.hasPrefix("approver") {
            self.who = .reviewer
        } else if who.hasPrefix("publisher") {
            self.who = .role(.publisher)
        } else if who == "the draft's author or admin" {
            self.who = .authorOfDraftOrAdmin
        } else if who == "anyone in the client's scope" {
            self.who = .anyoneInScope
        } else {
            return nil
        }
    }
}

@Suite struct StateTableTests {
    @Test func theTableIsTheDesignsTable() throws {
        let rows = designTable.split(separator: "\n").compactMap(DesignRow.init)
        #expect(rows.count == 10)
        let table = StateTable.rows.map {
            "\($0.from.map { $0?.rawValue ?? "—" }) \($0.action.rawValue) → \($0.to) by \($0.who)"
        }
        #expect(table == rows.map(\.description))

        let design = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/design.md")
        if let text = try? String(contentsOf: design, encoding: .utf8) {
            let section = text.components(separatedBy: "### States and actions").last ?? ""
            let fromFile = section.split(separator: "\n").prefix(20).compactMap(DesignRow.init)
            #expect(fromFile == rows, "design.md's table and this test's copy differ")
        }
    }

    @Test func everyActionOutsideTheTableIsRefusedEverywhere() {
        for state in DraftState.allCases {
            for action in Action.allCases {
                let listed = StateTable.rows.contains { $0.action == action && $0.from.contains(state) }
                #expect((StateTable.row(state, action) != nil) == listed)
            }
        }
        #expect(StateTable.row(nil, .create)?.who == .role(.author))
        #expect(StateTable.row(nil, .edit) == nil)
    }
}

/// Every (state, action, kind of actor) on a draft that ana (agency) wrote for ACME, against an oracle written
/// from design.md by hand rather than from `StateTable`.
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

@Suite struct ScopeTests {
    @Test func scopeFollowsSideRolesAndClientLists() {
        let directory = World.rules
        #expect(directory.scope(of: World.adm) == .everything)
        #expect(directory.scope(of: World.ana) == .everything)
        #expect(directory.scope(of: World.nora) == .clients(["globex"]))
        #expect(directory.scope(of: World.carl) == .clients(["acme"]))
        #expect(directory.scope(of: World.cora) == .clients(["acme"]))
        #expect(directory.scope(of: World.bea) == .clients(["acme"]))
        #expect(directory.scope(of: World.eve) == .clients(["globex"]))
        let stranger = User(name: "zed", side: .company, roles: [.approver, .author])
        #expect(directory.scope(of: stranger) == .clients([]))
        #expect(!directory.scope(of: stranger).contains("acme"))
    }

    @Test func anOrphanedDraftIsForAdminsOnly() throws {
        let review = try World.inReview()
        var directory = World.rules
        directory.clients["acme"] = nil
        func act(_ command: Command, _ user: User, message: String? = "m") -> Refusal? {
            refusal { () throws(Refusal) in
                try Workflow.decide(
                    Request(command, message: message), on: review, by: Actor(user: user), directory: directory,
                    now: World.t0)
            }
        }
        #expect(act(.comment, World.bob)?.code == .forbidden)
        #expect(act(.comment, World.bob)?.message.contains("only an admin may act on it") == true)
        #expect(act(.withdraw, World.ana)?.code == .forbidden)
        // ACME's approver belongs to no client any more, so sees nothing; the approver check is never skipped.
        #expect(act(.approve, World.carl)?.code == .notFound)
        #expect(act(.approve, World.nora)?.code == .notFound)
        #expect(act(.comment, World.adm) == nil)
        #expect(act(.withdraw, World.adm) == nil)
        let approver = User(name: "root", side: .company, roles: [.admin, .approver])
        #expect(act(.approve, approver)?.message.contains("not in the config") == true)
    }
}

@Suite struct FourEyesTests {
    @Test func whoeverWroteARevisionCannotApproveItInAnyName() throws {
        let admin = User(name: "adm", side: .agency, roles: [.admin])
        // adm writes revision 2 in ana's name…
        let edited = try Workflow.decide(
            Request(.edit(ContentPatch(body: "v2"))), on: try World.created(), by: Actor(user: World.ana, via: "adm"),
            directory: World.rules, now: World.t0)
        #expect(edited.draft.revisionVia == "adm")
        let review = try World.decide(.submit, on: edited.draft, by: World.ana)
        // …and may not approve it as carl.
        let refused = refusal { () throws(Refusal) in
            try Workflow.decide(
                Request(.approve), on: review.draft, by: Actor(user: World.carl, via: admin.name),
                directory: World.rules, now: World.t0)
        }
        #expect(refused?.code == .forbidden)
        #expect(refused?.message.contains("adm wrote revision 2 (adm as ana)") == true)
        #expect(refused?.message.contains("four eyes") == true)
        // carl in his own name may.
        #expect(try World.decide(.approve, on: review.draft, by: World.carl).draft.state == .approved)
    }

    @Test func theWriterActingThroughAnAdminIsStillTheWriter() throws {
        // cora (company) writes; bob reviews for the agency. bob may not approve a revision he wrote as cora.
        let edited = try Workflow.decide(
            Request(.edit(ContentPatch(body: "v2"))), on: try World.created(by: World.cora),
            by: Actor(user: World.cora, via: "bob"), directory: World.rules, now: World.t0)
        let review = try World.decide(.submit, on: edited.draft, by: World.cora).draft
        #expect(World.rules.reviewers(of: review).isEmpty)
        let refused = refusal { () throws(Refusal) in try World.decide(.approve, on: review, by: World.bob) }
        #expect(refused?.message.contains("bob wrote revision 2") == true)
    }

    @Test func aWebhookChannelIsNotAPerson() {
        #expect(Actor(user: World.carl, via: "webhook:slack").people == ["carl"])
        #expect(Actor(user: World.carl, via: "adm").people == ["carl", "adm"])
    }
}

@Suite struct AcknowledgementBoundTests {
    static func ack(_ draft: Draft, hours: Double, at now: Date = World.t0) throws(Refusal) -> Decision {
        try Workflow.decide(
            Request(.acknowledge(until: now.addingTimeInterval(hours * 3600))), on: draft,
            by: Actor(user: World.carl), directory: World.rules, now: now)
    }

    @Test func theTotalPerReviewRoundNeverPassesTheBound() throws {
        let review = try World.inReview()
        let first = try Self.ack(review, hours: 20)
        #expect(first.draft.acknowledgedSeconds == 20 * 3600)
        let refused = refusal { () throws(Refusal) in try Self.ack(first.draft, hours: 30) }
        #expect(refused?.code == .invalidRequest)
        #expect(refused?.message.contains("at most 1d per review round") == true)
        #expect(refused?.message.contains("4h is left") == true)
        // Repeating the same promise, or a shorter one, spends nothing.
        let again = try Self.ack(first.draft, hours: 20)
        #expect(again.draft.acknowledgedSeconds == 20 * 3600)
        let more = try Self.ack(again.draft, hours: 24)
        #expect(more.draft.acknowledgedSeconds == 24 * 3600)
        let none = refusal { () throws(Refusal) in try Self.ack(more.draft, hours: 25) }
        #expect(none?.message.contains("0s are left") == true)
    }

    @Test func aNewReviewRoundStartsAfresh() throws {
        let review = try World.inReview()
        let used = try Self.ack(review, hours: 24).draft
        let back = try World.decide(.requestChanges, on: used, by: World.carl, message: "fix").draft
        #expect(back.acknowledgedSeconds == 0)
        let again = try World.decide(.submit, on: back, by: World.ana).draft
        #expect(try Self.ack(again, hours: 24).draft.acknowledgedUntil != nil)
    }
}

@Suite struct InvolvementTests {
    @Test func aReworkDeadlineInvolvesTheAuthorEverywhere() throws {
        var directory = World.rules
        directory.lanes[.normal] = LanePolicy(reworkSLA: TimeSpan("4h")!, clock: .always)
        let review = try World.inReview()
        let back = try Workflow.decide(
            Request(.requestChanges, message: "fix"), on: review, by: Actor(user: World.carl), directory: directory,
            now: World.t0)
        let deadline = try #require(back.timers.add.first)
        let involvement = directory.involvement(of: back.draft, pending: [deadline])
        #expect(involvement.whoseMove == .agency)
        #expect(involvement.mustAct == ["ana"])
        #expect(involvement.next?.action == "deadline")
        #expect(involvement.next?.involves == ["ana"])
        #expect(back.told == ["ana"])
    }

    @Test func approvedDraftsWaitForTheClientsPublishers() throws {
        let approved = try World.approved()
        #expect(World.rules.mustAct(approved) == ["pia"])
        #expect(World.rules.whoseMove(approved) == .agency)
        let published = try World.published()
        #expect(World.rules.mustAct(published).isEmpty)
        #expect(World.rules.told(about: .publish, draft: published) == ["ana"])
    }
}
