import FlowCore
import Foundation
import Testing

/// The simulator's pieces: rounds read from a history, the model fitted to them, and replays that meet the same draws
/// under two policies.
@Suite struct PolicySimulationTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let always = DeadlineClock(kind: .always, hours: nil)

    static func event(_ kind: EventKind, _ hours: Double, by actor: String = "flowd", to: DraftState = .review)
        -> Event
    {
        Event(
            draftID: 1, at: t0.addingTimeInterval(hours * 3_600), actor: actor, kind: kind, from: nil, to: to,
            revision: 1)
    }

    @Test func aHistoryIsReadAsRoundsWithTheirPromptsAnswersAndRework() {
        let events = [
            Self.event(.create, 0, by: "ana", to: .draft), Self.event(.submit, 1, by: "ana"),
            Self.event(.remind, 5), Self.event(.comment, 5.5, by: "carl"),
            Self.event(.requestChanges, 6, by: "carl", to: .draft), Self.event(.edit, 8, by: "ana", to: .draft),
            Self.event(.submit, 9, by: "ana"), Self.event(.escalate, 17),
            Self.event(.approve, 18, by: "dora", to: .approved), Self.event(.publish, 20, by: "pia", to: .published),
        ]
        let rounds = ReviewRound.rounds(of: events, clock: Self.always)
        #expect(rounds.count == 2)
        #expect(rounds[0].reminded == 4 * 3_600 && rounds[0].answered == 5 * 3_600 && rounds[0].changes)
        #expect(rounds[0].answeredBy == "carl" && rounds[0].ended == 5 * 3_600 && rounds[0].rework == nil)
        #expect(rounds[1].rework == 10_800.0, "from the request for changes to the next submission")
        #expect(rounds[1].escalated == 28_800.0 && rounds[1].answered == 32_400.0 && !rounds[1].changes)

        let behaviour = ReviewBehaviour.fit(rounds)
        #expect(behaviour.rounds == 2 && behaviour.unprompted.isEmpty)
        #expect(behaviour.afterReminder == [3_600] && behaviour.shareAfterReminder == 1)
        #expect(behaviour.afterEscalation == [3_600] && behaviour.escalatedRounds == 1)
        #expect(behaviour.shareChanges == 0.5 && behaviour.rework == [3 * 3_600])
        #expect(behaviour.people.map(\.name) == ["carl", "dora"])
        #expect(
            behaviour.warnings(requiredApprovals: 1).first?.hasPrefix("too little history: 2 review rounds") == true)
    }

    @Test func theSameSeedGivesTheSameFiguresAndAnEarlierReminderShortensTheLoop() {
        var behaviour = ReviewBehaviour()
        behaviour.rounds = 100
        behaviour.unprompted = [3_600, 7_200]
        behaviour.shareUnprompted = 0.5
        behaviour.afterReminder = [1_800]
        behaviour.shareAfterReminder = 1
        behaviour.remindedRounds = 50
        let late = LanePolicy(
            clock: .always, ladder: [LadderStep(after: TimeSpan(seconds: 8 * 3_600), action: .remind)])
        let early = LanePolicy(clock: .always, ladder: [LadderStep(after: TimeSpan(seconds: 3_600), action: .remind)])
        func replay(_ policy: LanePolicy, seed: UInt64 = 1) -> SimulationFigures {
            PolicySimulation(policy: policy, behaviour: behaviour, clock: Self.always, told: [.remind: 1])
                .replay((0..<50).map { Self.t0.addingTimeInterval(Double($0) * 86_400) }, runs: 20, seed: seed)
        }
        #expect(replay(late) == replay(late))
        let (a, b) = (replay(late), replay(early))
        #expect(a.cycleP90 == 30_600.0, "those who wait for the reminder answer half an hour after it")
        #expect(b.cycleP90 == 5_400.0)
        #expect(a.remindersPerDraft < b.remindersPerDraft, "an earlier reminder fires for more drafts")
        #expect(a.neverDecided == 0 && b.neverDecided == 0)

        var silent = behaviour
        silent.shareAfterReminder = 0
        let auto = LanePolicy(
            clock: .always, allowAutoApprove: true,
            ladder: [LadderStep(after: TimeSpan(seconds: 4 * 3_600), action: .autoApprove)])
        let figures = PolicySimulation(policy: auto, behaviour: silent, clock: Self.always, told: [:])
            .replay([Self.t0], runs: 200, seed: 3)
        #expect(figures.cycleP90 == 14_400.0, "silence approves at the step")
        let none = PolicySimulation(policy: late, behaviour: silent, clock: Self.always, told: [:])
            .replay([Self.t0], runs: 200, seed: 3)
        #expect(none.neverDecided > 0.3 && none.neverDecided < 0.7, "half never answer: \(none.neverDecided)")
    }

    @Test func stepsOutsideWorkingHoursWakePeopleOnlyOnAClockThatRunsAroundIt() {
        let hours = BusinessHours(
            start: TimeOfDay(minutes: 9 * 60), end: TimeOfDay(minutes: 17 * 60), timeZone: TimeZone(identifier: "UTC")!)
        var behaviour = ReviewBehaviour()
        behaviour.rounds = 1
        let ladder = [LadderStep(after: TimeSpan(seconds: 12 * 3_600), action: .remind)]
        // Submitted at 14:00 UTC on a Tuesday: twelve hours on is 02:00.
        let monday: Int64 = 1_790_000_000 - 1_790_000_000 % 86_400
        let tuesday = Date(timeIntervalSince1970: Double(monday + 86_400 + 14 * 3_600))
        let night = PolicySimulation(
            policy: LanePolicy(clock: .always, ladder: ladder), behaviour: behaviour,
            clock: DeadlineClock(kind: .always, hours: hours).laidOut(
                from: tuesday, to: tuesday.addingTimeInterval(1e7)),
            told: [.remind: 2]
        ).replay([tuesday], runs: 1, seed: 1)
        #expect(night.wokenPerDraft == 2)
        let business = PolicySimulation(
            policy: LanePolicy(clock: .business, ladder: ladder), behaviour: behaviour,
            clock: DeadlineClock(kind: .business, hours: hours), told: [.remind: 2]
        ).replay([tuesday], runs: 1, seed: 1)
        #expect(business.wokenPerDraft == 0)
    }
}
