import FlowCore
import Foundation
import Testing

/// A reload re-plans drafts in review from the new policy, counted from when they entered review; a step
/// already fired stays fired, and a pending timer never changes meaning.
@Suite struct ReplanTests {
    static let remind = LadderStep(after: TimeSpan("1h")!, action: .remind)
    static let escalate2h = LadderStep(after: TimeSpan("2h")!, action: .escalate, to: "backup_approvers")
    static let warn90m = LadderStep(after: TimeSpan("90m")!, action: .warn)
    static let escalate3h = LadderStep(after: TimeSpan("3h")!, action: .escalate, to: "backup_approvers")

    static func directory(_ ladder: [LadderStep], sla: String? = nil) -> Directory {
        var directory = World.rules
        directory.lanes[.normal] = LanePolicy(reviewSLA: sla.flatMap(TimeSpan.init), clock: .always, ladder: ladder)
        return directory
    }

    /// A draft submitted at t0 under ladder [remind 1h, escalate 2h], with its remind fired at t0+1h.
    static func reviewedAnHour() throws -> (Draft, [PendingTimer]) {
        let old = directory([remind, escalate2h])
        let created = try Workflow.decide(
            Request(.create(client: "acme", lane: .normal, content: World.content(), labels: [])), on: nil,
            by: Actor(user: World.ana), directory: old, now: World.t0, newID: 1)
        let review = try Workflow.decide(
            Request(.submit), on: created.draft, by: Actor(user: World.ana), directory: old, now: World.t0)
        let timers = review.timers.add.enumerated().map { index, timer in
            var timer = timer
            timer.id = Int64(index + 1)
            return timer
        }
        return (review.draft, timers.filter { $0.ladderStep == escalate2h })
    }

    @Test func newStepsArePlannedFromEnteringReviewAndDroppedOnesGo() throws {
        let (draft, pending) = try Self.reviewedAnHour()
        let new = Self.directory([Self.remind, Self.warn90m, Self.escalate3h])
        let now = World.t0.addingTimeInterval(3600 + 60)
        let decision = try #require(
            Deadlines.replan(
                afterReload: draft, pending: pending, fired: [Self.remind.rule], directory: new, now: now))
        #expect(decision.timers.remove == [pending[0].id])
        #expect(decision.timers.add.map(\.ladderStep) == [Self.warn90m, Self.escalate3h])
        #expect(
            decision.timers.add.map(\.dueAt) == [World.t0.addingTimeInterval(5400), World.t0.addingTimeInterval(10800)])
        #expect(decision.timers.add.map(\.step) == [1, 2])
        #expect(decision.events.map(\.kind) == [.replan])
        #expect(decision.events[0].message?.contains("planned warn after 1h30m") == true)
        #expect(decision.events[0].message?.contains("dropped escalate to backup_approvers after 2h") == true)
        #expect(decision.draft.replannedAt == now)
        #expect(decision.draft.state == .review)
    }

    @Test func anUnchangedPolicyChangesNothing() throws {
        let (draft, pending) = try Self.reviewedAnHour()
        let same = Self.directory([Self.remind, Self.escalate2h])
        #expect(
            Deadlines.replan(
                afterReload: draft, pending: pending, fired: [Self.remind.rule], directory: same, now: World.t0)
                == nil)
    }

    @Test func aKeptStepKeepsItsTimeAndMovesToItsNewPlace() throws {
        let (draft, pending) = try Self.reviewedAnHour()
        let reordered = Self.directory([Self.warn90m, Self.remind, Self.escalate2h])
        let decision = try #require(
            Deadlines.replan(
                afterReload: draft, pending: pending, fired: [Self.remind.rule], directory: reordered, now: World.t0))
        let moved = try #require(decision.timers.add.first { $0.ladderStep == Self.escalate2h })
        #expect(moved.dueAt == pending[0].dueAt)
        #expect(moved.step == 2)
        #expect(decision.events[0].message?.contains("dropped") == false)
    }

    @Test func aChangedReviewDeadlineIsMovedUnlessItAlreadyPassed() throws {
        let (draft, pending) = try Self.reviewedAnHour()
        let tighter = Self.directory([Self.remind, Self.escalate2h], sla: "3h")
        let decision = try #require(
            Deadlines.replan(
                afterReload: draft, pending: pending, fired: [Self.remind.rule], directory: tighter, now: World.t0))
        #expect(decision.timers.add.map(\.kind) == [.deadline])
        #expect(decision.draft.dueAt == World.t0.addingTimeInterval(3 * 3600))
        let missed = Deadlines.replan(
            afterReload: draft, pending: pending, fired: [Self.remind.rule, Deadlines.deadlineRule], directory: tighter,
            now: World.t0)
        #expect(missed == nil)
    }

    @Test func aPendingTimerFiresTheStepItWasPlannedFor() throws {
        let (draft, pending) = try Self.reviewedAnHour()
        // The config now has a reminder where the escalation stood; the timer still escalates.
        let swapped = Self.directory([Self.remind, LadderStep(after: TimeSpan("2h")!, action: .remind)])
        var timer = pending[0]
        #expect(timer.step == 1)
        let fired = Deadlines.fire(timer, on: draft, directory: swapped, now: timer.dueAt)
        #expect(fired.events.map(\.kind) == [.escalate])
        #expect(fired.told == ["bea"])
        // A timer stored before steps were stored falls back to the ladder's step at its index.
        timer.ladderStep = nil
        #expect(Deadlines.fire(timer, on: draft, directory: swapped, now: timer.dueAt).events.map(\.kind) == [.remind])
    }

    @Test func orphansAndDraftsOutsideReviewAreLeftAlone() throws {
        let (draft, pending) = try Self.reviewedAnHour()
        var gone = Self.directory([Self.warn90m])
        gone.clients["acme"] = nil
        #expect(
            Deadlines.replan(afterReload: draft, pending: pending, fired: [], directory: gone, now: World.t0) == nil)
        var back = draft
        back.state = .draft
        #expect(
            Deadlines.replan(
                afterReload: back, pending: pending, fired: [], directory: Self.directory([Self.warn90m]), now: World.t0
            )
                == nil)
    }
}
