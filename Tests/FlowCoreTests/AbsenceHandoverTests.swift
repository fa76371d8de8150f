import FlowCore
import Foundation
import Testing

/// Who reviews while someone is away: resolved through the absences in force (`Directory.presence`) wherever it is
/// asked, the drafts in review moved to the stand-in and back, and a draft nobody can approve escalated at once.
@Suite struct AbsenceHandoverTests {
    static let now = World.t0.addingTimeInterval(3_600)
    static let escalating = LanePolicy(
        requiredApprovals: 1, clock: .always,
        ladder: [
            LadderStep(after: TimeSpan(seconds: 3_600), action: .remind),
            LadderStep(after: TimeSpan(seconds: 4 * 3_600), action: .escalate, to: "backup_approvers"),
        ])

    static func directory(_ absences: [Absence], policy: LanePolicy? = nil) -> Directory {
        var directory = World.rules
        directory.reviewLinks = true
        if let policy { directory.lanes[.normal] = policy }
        directory.presence = Presence(absences)
        return directory
    }

    static func away(_ person: String, to standIn: String?) -> Absence {
        Absence(
            id: 1, person: person, from: World.t0, until: World.t0.addingTimeInterval(14 * 86_400), standIn: standIn,
            setBy: person)
    }

    /// A stand-in reviews only where the draft's client is theirs to see. max is an ACME member whom escalation put
    /// on a draft; he reviews for no client, so any company approver may stand in for him, Globex's eve too: she
    /// must not be told of ACME's draft, nor review it: for that draft nobody stands in for him.
    @Test func aStandInNeverReviewsADraftOutsideTheirScope() throws {
        var draft = try World.inReview()
        draft.extraReviewers = ["max"]
        let away = Self.away("max", to: "eve")
        var recording = World.rules
        #expect((try? recording.checkAbsence(away, by: World.max, now: World.t0)) != nil, "eve covers all max reviews")
        recording.presence = Presence([away])
        #expect(recording.reviewers(of: draft) == ["carl", "dora"])
        #expect(recording.standingIn("eve", on: draft).isEmpty)
        #expect(!recording.involvement(of: draft, pending: []).mustAct.contains("eve"))
        let byEve = refusal { () throws(Refusal) in
            try Workflow.decide(
                Request(.approve), on: draft, by: Actor(user: World.eve), directory: recording, now: Self.now)
        }
        #expect(byEve?.code == .notFound, "a draft outside her scope is one that does not exist")
        let refusedMax = refusal { () throws(Refusal) in
            try Workflow.decide(
                Request(.approve), on: draft, by: Actor(user: World.max), directory: recording, now: Self.now)
        }
        #expect(refusedMax?.message.contains("and nobody stands in") == true, "\(refusedMax?.message ?? "")")
        #expect(refusedMax?.message.contains("eve") == false, "the refusal does not name a stand-in of another client")
    }

    @Test func theStandInReviewsInTheAbsentPersonsPlaceAndTheDecisionSaysForWhom() throws {
        let draft = try World.inReview()
        let directory = Self.directory([Self.away("carl", to: "bea")])
        #expect(World.rules.reviewers(of: draft) == ["carl", "dora"])
        #expect(directory.reviewers(of: draft) == ["bea", "dora"], "bea, a backup approver, takes carl's place")
        #expect(directory.standingIn("bea", on: draft) == ["carl"])
        #expect(directory.standingIn("dora", on: draft).isEmpty)
        #expect(directory.involvement(of: draft, pending: []).mustAct == ["bea", "dora"])

        let byCarl = refusal { () throws(Refusal) in
            try Workflow.decide(
                Request(.approve), on: draft, by: Actor(user: World.carl), directory: directory, now: Self.now)
        }
        #expect(byCarl?.message.contains("carl is away until") == true)
        #expect(byCarl?.message.contains("bea reviews in their place") == true)
        let byBea = try Workflow.decide(
            Request(.approve), on: draft, by: Actor(user: World.bea), directory: directory, now: Self.now)
        #expect(byBea.draft.state == .approved)
        #expect(byBea.events.first?.data["for"] == "carl")
        let byDora = try Workflow.decide(
            Request(.approve), on: draft, by: Actor(user: World.dora), directory: directory, now: Self.now)
        #expect(byDora.events.first?.data["for"] == nil, "dora decides for herself")
        #expect(
            refusal { () throws(Refusal) in
                try Workflow.decide(
                    Request(.approve), on: draft, by: Actor(user: World.bea), directory: World.rules, now: Self.now)
            }?.message.contains("not an approver") == true, "once carl is back, bea is nobody's stand-in")
    }

    @Test func aDraftMovesToTheStandInWithNewLinksAndBackWhenTheAbsenceEnds() throws {
        let draft = try World.inReview()
        let away = Self.directory([Self.away("carl", to: "bea")])
        let moved = try #require(away.handover(draft, pending: [], before: Presence(), now: Self.now))
        #expect(moved.events.map(\.kind) == [.standIn])
        #expect(moved.events.first?.data == ["away": "carl", "stand_in": "bea"])
        #expect(moved.events.first?.message?.hasPrefix("carl is away until ") == true)
        #expect(moved.events.first?.message?.hasSuffix("bea reviews in their place") == true)
        #expect(moved.links.revoke.keys.sorted() == ["carl"])
        #expect(moved.links.mint.map(\.user) == ["bea"])
        #expect(moved.told == ["carl", "bea"], "both are told")
        #expect(moved.draft == draft && moved.timers == TimerPlan())

        let back = try #require(
            Self.directory([]).handover(draft, pending: [], before: away.presence, now: Self.now))
        #expect(back.events.first?.data == ["back": "carl"])
        #expect(back.links.revoke.keys.sorted() == ["bea"])
        #expect(back.links.mint.map(\.user) == ["carl"])
        #expect(back.told == ["bea", "carl"])

        #expect(away.handover(draft, pending: [], before: away.presence, now: Self.now) == nil, "no change, no move")
        let approved = try World.approved()
        #expect(away.handover(approved, pending: [], before: Presence(), now: Self.now) == nil, "only reviews move")
    }

    @Test func nobodyToStandInBringsTheNextEscalationForwardAtOnceAndAtSubmission() throws {
        let nobody = Self.directory(
            [
                Self.away("carl", to: nil),
                Absence(
                    id: 2, person: "dora", from: World.t0, until: Self.now + 86_400,
                    setBy: "dora"),
            ],
            policy: Self.escalating)
        let submitted = try Workflow.decide(
            Request(.submit), on: try World.created(), by: Actor(user: World.ana), directory: nobody, now: Self.now)
        let due = submitted.timers.add.filter { $0.kind == .step }.map { ($0.ladderStep?.action, $0.dueAt) }
        #expect(due.count == 2)
        #expect(due.first { $0.0 == .escalate }?.1 == Self.now, "the escalation is due at once")
        #expect(due.first { $0.0 == .remind }?.1 == Self.now + 3_600, "the other steps keep their time")

        // Under way: the pending escalation is brought forward, and the move says why.
        var plain = Self.directory([], policy: Self.escalating)
        plain.presence = Presence()
        let draft = try Workflow.decide(
            Request(.submit), on: try World.created(), by: Actor(user: World.ana), directory: plain, now: World.t0
        ).draft
        let pending = [
            PendingTimer(
                id: 41, draftID: draft.id, state: .review, kind: .step, step: 1,
                ladderStep: Self.escalating.ladder[1], dueAt: World.t0 + 4 * 3_600)
        ]
        let moved = try #require(nobody.handover(draft, pending: pending, before: Presence(), now: Self.now))
        #expect(moved.timers.remove == [41])
        #expect(moved.timers.add.map(\.dueAt) == [Self.now])
        #expect(moved.events.first?.data["escalate"] == "now")
        #expect(moved.links.revoke.keys.sorted() == ["carl", "dora"])
        #expect(moved.links.mint.isEmpty)
        #expect(nobody.awaitsAbsent(draft))

        let oneAway = Self.directory([Self.away("carl", to: nil)], policy: Self.escalating)
        #expect(!oneAway.awaitsAbsent(draft), "dora alone can give the one approval needed")
    }
}
