import FlowCore
import Foundation
import Testing

/// A draft as the engine reads it for a caller: what the draft view, `show` and `ls` are built from.
@Suite struct DraftReadingTests {
    /// A draft in review with its ladder's steps and its review deadline pending.
    static func submitted() throws -> (Directory, Draft, [PendingTimer]) {
        let rules = Ladder.rules()
        let (draft, plan) = try Ladder.submitted(rules)
        return (rules, draft, Ladder.timers(plan))
    }

    @Test func theNextStepIsTheSoonestAndTheStepsKeepTheStoresOrder() throws {
        let (rules, draft, pending) = try Self.submitted()
        #expect(pending.contains { $0.kind == .deadline } && pending.contains { $0.kind == .step })
        let stored = Array(pending.reversed())
        let reading = rules.reading(of: draft, pending: stored, now: Ladder.monday)
        #expect(reading.upcoming.map(\.timer) == stored)
        #expect(reading.upcoming == stored.map { rules.upcoming($0, of: draft) })
        let soonest = try #require(pending.min { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) })
        #expect(reading.involvement.next == rules.upcoming(soonest, of: draft))
        #expect(reading.involvement.next?.action == "remind")
        #expect(reading.involvement == rules.involvement(of: draft, pending: stored))
        #expect(reading.involvement.whoseMove == .company)
        #expect(reading.involvement.reviewers == ["carl", "dora"])
        #expect(reading.involvement.mustAct == ["carl", "dora"])
        #expect(reading.requiredApprovals == 1)
        #expect(reading.timeZone == Ladder.zone)
        #expect(reading.autonomy == nil)
    }

    @Test func aDraftIsOverdueFromItsDueTimeUntilItIsDone() throws {
        let (rules, draft, pending) = try Self.submitted()
        let due = try #require(draft.dueAt)
        #expect(!rules.reading(of: draft, pending: pending, now: due.addingTimeInterval(-1)).overdue)
        #expect(rules.reading(of: draft, pending: pending, now: due).overdue)
        #expect(rules.reading(of: draft, pending: pending, now: due.addingTimeInterval(3600)).overdue)
        var done = draft
        done.state = .withdrawn
        #expect(!rules.reading(of: done, pending: [], now: due.addingTimeInterval(3600)).overdue)
        var undated = draft
        undated.dueAt = nil
        #expect(!rules.reading(of: undated, pending: [], now: due.addingTimeInterval(3600)).overdue)
    }

    @Test func aDraftWhoseClientLeftTheConfigIsAnOrphan() throws {
        let (before, draft, pending) = try Self.submitted()
        var rules = before
        #expect(!rules.reading(of: draft, pending: pending, now: Ladder.monday).orphan)
        rules.clients["acme"] = nil
        let orphan = rules.reading(of: draft, pending: [], now: Ladder.monday)
        #expect(orphan.orphan)
        #expect(orphan.timeZone == nil)
        #expect(orphan.upcoming.isEmpty && orphan.involvement.next == nil)
    }
}
