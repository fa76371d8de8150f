import FlowCore
import Foundation
import Testing

/// ACME in Berlin with a full ladder on the normal lane; crisis runs around the clock.
enum Ladder {
    static let zone = TimeZone(identifier: "Europe/Berlin")!
    static let hours = BusinessHours(holidays: ["2026-12-24"], timeZone: zone)

    static func rules(autoApprove: Bool = true, ladder: [LadderStep]? = nil) -> Directory {
        let steps =
            ladder ?? [
                LadderStep(after: TimeSpan("1h")!, action: .remind, every: TimeSpan("1h")!, max: 3),
                LadderStep(after: TimeSpan("2h")!, action: .warn),
                LadderStep(after: TimeSpan("3h")!, action: .escalate, to: "backup_approvers"),
                LadderStep(after: TimeSpan("4h")!, action: autoApprove ? .autoApprove : .returnToDraft),
            ]
        let normal = LanePolicy(
            requiredApprovals: 1, reviewSLA: TimeSpan("4h")!, reworkSLA: TimeSpan("1d")!,
            publishGrace: TimeSpan("30m")!,
            clock: .business, maxAcknowledge: TimeSpan("2h")!, allowAutoApprove: autoApprove, ladder: steps)
        return Directory(
            clients: [
                "acme": Client(
                    id: "acme", name: "ACME", approvers: ["carl", "dora"], backupApprovers: ["bea"], hours: hours)
            ],
            lanes: [.normal: normal, .crisis: LanePolicy(clock: .always)],
            users: [World.ana, World.carl, World.dora, World.bea, World.pia], groups: ["leads": ["lena"]])
    }

    /// Monday 2026-06-08 10:00 in Berlin.
    static let monday = local("2026-06-08 10:00", "Europe/Berlin")

    static func submitted(_ directory: Directory, at time: Date = monday) throws -> (Draft, TimerPlan) {
        let created = try Workflow.decide(
            Request(.create(client: "acme", lane: .normal, content: World.content(), labels: [])), on: nil,
            by: Actor(user: World.ana), directory: directory, now: time, newID: 1)
        let decision = try Workflow.decide(
            Request(.submit), on: created.draft, by: Actor(user: World.ana), directory: directory, now: time)
        return (decision.draft, decision.timers)
    }

    static func timers(_ plan: TimerPlan) -> [PendingTimer] {
        plan.add.enumerated().map { index, timer in
            var timer = timer
            timer.id = Int64(index + 1)
            return timer
        }
    }

    static func hour(_ n: Double, from start: Date = monday) -> Date { start.addingTimeInterval(n * 3600) }
}

@Suite struct DeadlineTests {
    @Test func submittingSchedulesTheLadderAndTheSLAInBusinessTime() throws {
        // Friday 16:00: 2h of the week remain, so 4h lands on Monday 11:00.
        let friday = local("2026-06-12 16:00", "Europe/Berlin")
        let (draft, plan) = try Ladder.submitted(Ladder.rules(), at: friday)
        #expect(plan.cancelAll)  // the draft state's timers go
        #expect(
            plan.add.filter { $0.kind == .step }.map(\.dueAt) == [
                local("2026-06-12 17:00", "Europe/Berlin"), local("2026-06-12 18:00", "Europe/Berlin"),
                local("2026-06-15 10:00", "Europe/Berlin"), local("2026-06-15 11:00", "Europe/Berlin"),
            ])
        #expect(draft.dueAt == local("2026-06-15 11:00", "Europe/Berlin"))
        #expect(plan.add.filter { $0.kind == .deadline }.map(\.dueAt) == [draft.dueAt])
        #expect(draft.enteredAt == friday)
    }

    @Test func leavingAStateCancelsItsTimersAndSetsTheNextOnes() throws {
        let rules = Ladder.rules()
        let (draft, _) = try Ladder.submitted(rules)
        let changes = try Workflow.decide(
            Request(.requestChanges, message: "fix"), on: draft, by: Actor(user: World.carl), directory: rules,
            now: Ladder.hour(1))
        #expect(changes.timers.cancelAll)
        #expect(changes.timers.add.map(\.kind) == [.deadline])
        // 1d in a business clock is one working day: Monday 11:00 → Tuesday 11:00.
        #expect(changes.draft.dueAt == local("2026-06-09 11:00", "Europe/Berlin"))
    }

    @Test func remindNotifiesTheReviewersAndSchedulesTheRepeat() throws {
        let rules = Ladder.rules()
        let (draft, plan) = try Ladder.submitted(rules)
        let remind = Ladder.timers(plan)[0]
        let decision = Deadlines.fire(remind, on: draft, directory: rules, now: remind.dueAt)
        #expect(decision.events.map(\.kind) == [.remind])
        #expect(decision.events[0].actor == "flowd")
        #expect(decision.told == ["carl", "dora"])
        #expect(decision.events[0].data["rule"] == "remind after 1h every 1h max 3")
        #expect(decision.draft.state == .review)
        #expect(decision.timers.remove == [remind.id])
        #expect(decision.timers.add.map(\.occurrence) == [1])
        #expect(decision.timers.add.map(\.dueAt) == [Ladder.hour(2)])
    }

    @Test func missedRepeatsCoalesceIntoOneFiring() throws {
        let rules = Ladder.rules(ladder: [
            LadderStep(after: TimeSpan("1h")!, action: .remind, every: TimeSpan("1h")!, max: 5)
        ])
        let (draft, plan) = try Ladder.submitted(rules)
        let remind = Ladder.timers(plan)[0]
        // flowd was down from 10:30 to 13:30: occurrences at 11:00, 12:00 and 13:00 were missed.
        let decision = Deadlines.fire(remind, on: draft, directory: rules, now: Ladder.hour(3.5))
        #expect(decision.events.count == 1)
        #expect(decision.timers.add.map(\.occurrence) == [3])
        #expect(decision.timers.add.map(\.dueAt) == [Ladder.hour(4)])
    }

    @Test func repeatsStopAtMax() throws {
        let rules = Ladder.rules()
        let (draft, plan) = try Ladder.submitted(rules)
        var last = Ladder.timers(plan)[0]
        last.occurrence = 2
        #expect(Deadlines.fire(last, on: draft, directory: rules, now: last.dueAt).timers.add.isEmpty)
        var late = Ladder.timers(plan)[0]
        late.occurrence = 0
        // Fired after every repeat's time: one reminder, and none left.
        #expect(Deadlines.fire(late, on: draft, directory: rules, now: Ladder.hour(9)).timers.add.isEmpty)
    }

    @Test func warnSaysWhatHappensNextAndWhen() throws {
        let rules = Ladder.rules()
        let (draft, plan) = try Ladder.submitted(rules)
        let warn = Ladder.timers(plan)[1]
        let pending = Ladder.timers(plan)
        let decision = Deadlines.fire(warn, on: draft, pending: pending, directory: rules, now: warn.dueAt)
        #expect(decision.events[0].kind == .warn)
        #expect(decision.events[0].message == "escalate at 2026-06-08 13:00 Europe/Berlin")
        #expect(decision.told == ["ana", "carl", "dora"])
        // Without the pending timers there is nothing planned to announce.
        let alone = Deadlines.fire(warn, on: draft, directory: rules, now: warn.dueAt)
        #expect(alone.events[0].message == "no further escalation is planned")
    }

    @Test func escalateWidensTheReviewers() throws {
        let rules = Ladder.rules()
        let (draft, plan) = try Ladder.submitted(rules)
        let escalate = Ladder.timers(plan)[2]
        let decision = Deadlines.fire(escalate, on: draft, directory: rules, now: escalate.dueAt)
        #expect(decision.events[0].kind == .escalate)
        #expect(decision.events[0].data["added"] == "bea")
        #expect(decision.told == ["bea"])
        #expect(decision.draft.extraReviewers == ["bea"])
        #expect(rules.reviewers(of: decision.draft) == ["carl", "dora", "bea"])
        let approved = try Workflow.decide(
            Request(.approve), on: decision.draft, by: Actor(user: World.bea), directory: rules, now: Ladder.hour(3.1))
        #expect(approved.draft.state == .approved)
    }

    @Test func autoApproveApprovesOnTheSystemsBehalf() throws {
        let rules = Ladder.rules()
        let (draft, plan) = try Ladder.submitted(rules)
        let auto = Ladder.timers(plan)[3]
        let decision = Deadlines.fire(auto, on: draft, directory: rules, now: auto.dueAt)
        #expect(decision.draft.state == .approved)
        #expect(decision.draft.approvedHash == draft.contentHash)
        #expect(decision.draft.currentApprovals.map(\.user) == ["flowd"])
        #expect(decision.events.map(\.kind) == [.autoApprove])
        #expect(decision.events[0].to == .approved)
        #expect(decision.timers.cancelAll)
    }

    @Test func autoApproveDoesNothingWhereTheLaneForbidsIt() throws {
        var rules = Ladder.rules()
        let (draft, plan) = try Ladder.submitted(rules)
        rules.lanes[.normal]?.allowAutoApprove = false
        let decision = Deadlines.fire(Ladder.timers(plan)[3], on: draft, directory: rules, now: Ladder.hour(4))
        #expect(decision.draft.state == .review)
        #expect(decision.events.isEmpty)
    }

    @Test func returnSendsTheDraftBackWithTheReason() throws {
        let rules = Ladder.rules(autoApprove: false)
        let (draft, plan) = try Ladder.submitted(rules)
        let back = Ladder.timers(plan)[3]
        let decision = Deadlines.fire(back, on: draft, directory: rules, now: back.dueAt)
        #expect(decision.draft.state == .draft)
        #expect(decision.events[0].kind == .returnToDraft)
        #expect(decision.events[0].message == "review expired")
        #expect(decision.timers.cancelAll)
        #expect(decision.timers.add.map(\.kind) == [.deadline])  // the rework clock starts
    }

    @Test func aMissedDeadlineIsRecordedWithoutMovingTheDraft() throws {
        let rules = Ladder.rules()
        let (draft, plan) = try Ladder.submitted(rules)
        let deadline = try #require(Ladder.timers(plan).first { $0.kind == .deadline })
        let decision = Deadlines.fire(deadline, on: draft, directory: rules, now: deadline.dueAt)
        #expect(decision.events.map(\.kind) == [.deadlineMissed])
        #expect(decision.draft.state == .review)
    }

    @Test func aTimerOfAnotherStateFiresIntoNothing() throws {
        let rules = Ladder.rules()
        let (draft, plan) = try Ladder.submitted(rules)
        var moved = draft
        moved.state = .approved
        let decision = Deadlines.fire(Ladder.timers(plan)[3], on: moved, directory: rules, now: Ladder.hour(4))
        #expect(decision.events.isEmpty)
        #expect(decision.draft == moved)
    }

    @Test func acknowledgePausesTheLadderUntilTheTimeWithinTheBound() throws {
        let rules = Ladder.rules()
        let (draft, _) = try Ladder.submitted(rules)
        let until = Ladder.hour(2.5)
        let ack = try Workflow.decide(
            Request(.acknowledge(until: until), message: "deciding after the call"), on: draft,
            by: Actor(user: World.carl), directory: rules, now: Ladder.hour(0.5))
        #expect(ack.draft.state == .review)
        #expect(ack.draft.acknowledgedUntil == until)
        #expect(ack.timers.deferStepsUntil == until)
        #expect(ack.timers.add.map(\.kind) == [.acknowledgement])
        #expect(ack.events[0].kind == .acknowledge)

        let tooLong = refusal { () throws(Refusal) in
            try Workflow.decide(
                Request(.acknowledge(until: Ladder.hour(3))), on: draft, by: Actor(user: World.carl), directory: rules,
                now: Ladder.hour(0.5))
        }
        #expect(tooLong?.code == .invalidRequest)
        #expect(tooLong?.message.contains("at most 2h") == true)
        let byAuthor = refusal { () throws(Refusal) in
            try Workflow.decide(
                Request(.acknowledge(until: until)), on: draft, by: Actor(user: World.ana), directory: rules,
                now: Ladder.hour(0.5))
        }
        #expect(byAuthor?.code == .forbidden)

        // Missing the promised time resumes the ladder and is recorded.
        let expired = Deadlines.fire(
            PendingTimer(id: 9, draftID: 1, state: .review, kind: .acknowledgement, dueAt: until), on: ack.draft,
            directory: rules, now: until)
        #expect(expired.events.map(\.kind) == [.deadlineMissed])
        #expect(expired.draft.acknowledgedUntil == nil)
    }

    @Test func approvingAfterTheLadderStartedLeavesNoTimers() throws {
        let rules = Ladder.rules()
        let (draft, _) = try Ladder.submitted(rules)
        let approved = try Workflow.decide(
            Request(.approve), on: draft, by: Actor(user: World.carl), directory: rules, now: Ladder.hour(1))
        #expect(approved.timers.cancelAll)
        #expect(approved.timers.add.isEmpty)
        #expect(approved.draft.dueAt == nil)
    }

    @Test func anApprovedDraftWithAPublishTimeGetsAPublishDeadline() throws {
        let rules = Ladder.rules()
        var content = World.content()
        content.publishAt = Ladder.hour(5)
        let created = try Workflow.decide(
            Request(.create(client: "acme", lane: .normal, content: content, labels: [])), on: nil,
            by: Actor(user: World.ana), directory: rules, now: Ladder.monday, newID: 1)
        let review = try Workflow.decide(
            Request(.submit), on: created.draft, by: Actor(user: World.ana), directory: rules, now: Ladder.monday)
        let approved = try Workflow.decide(
            Request(.approve), on: review.draft, by: Actor(user: World.carl), directory: rules, now: Ladder.hour(1))
        #expect(approved.draft.dueAt == Ladder.hour(5.5))
        #expect(approved.timers.add.map(\.kind) == [.deadline])
    }

    @Test func theTimelineExplainsAPolicyWithoutADraft() throws {
        let rules = Ladder.rules()
        let friday = local("2026-06-12 16:30", "Europe/Berlin")
        let steps = Deadlines.timeline(lane: .normal, client: "acme", from: friday, directory: rules)
        #expect(steps.map(\.action) == ["remind", "remind", "warn", "remind", "escalate", "auto_approve", "deadline"])
        #expect(steps[0].at == local("2026-06-12 17:30", "Europe/Berlin"))
        #expect(steps[1].at == local("2026-06-15 09:30", "Europe/Berlin"))
        #expect(steps[2].at == local("2026-06-15 09:30", "Europe/Berlin"))
        #expect(steps.first { $0.action == "escalate" }?.notify == ["bea"])
        #expect(Deadlines.format(steps[4].at, in: Ladder.zone) == "2026-06-15 10:30 Europe/Berlin")
    }

    @Test func crisisRunsAroundTheClock() throws {
        let rules = Ladder.rules()
        #expect(rules.clock(for: .crisis, client: "acme").kind == .always)
        #expect(rules.clock(for: .normal, client: "acme").kind == .business)
    }
}
