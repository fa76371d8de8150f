import FlowCore
import Foundation
import Testing

/// A hand-built fortnight of history whose figures are worked out by hand in the comments. acme works 9:00 to
/// 17:00 in Berlin (UTC+1 in early March), Monday to Friday, with a 4h review SLA in its business clock; beta has
/// no hours (its business clock is the wall clock) and a 1h urgent SLA around the clock.
@Suite struct LoopReportTests {
    static let hour = 3_600.0
    static let acmeHours = BusinessHours(
        start: TimeOfDay(minutes: 9 * 60), end: TimeOfDay(minutes: 17 * 60),
        timeZone: TimeZone(identifier: "Europe/Berlin")!)
    static let directory = Directory(
        clients: [
            "acme": Client(id: "acme", name: "ACME", approvers: ["carl", "dora"], hours: acmeHours),
            "beta": Client(
                id: "beta", name: "Beta", approvers: ["erin"],
                lanes: [.urgent: LanePolicy(reviewSLA: TimeSpan("1h"), clock: .always, allowAutoApprove: true)]),
        ],
        lanes: [.normal: LanePolicy(reviewSLA: TimeSpan("4h"), clock: .business)],
        users: [
            User(name: "ann", side: .agency, roles: [.author]),
            User(name: "carl", side: .company, roles: [.approver]),
            User(name: "dora", side: .company, roles: [.approver]),
            User(name: "erin", side: .company, roles: [.approver]),
        ])

    static func t(_ text: String) -> Date { parseISOUTC(text + ":00.000Z")! }

    typealias Step = (at: String, actor: String, kind: EventKind, to: DraftState, until: String?)

    /// Drafts with their events, in the order the store would deliver them (by event id).
    static let history: [(ReportDraft, [Step])] = [
        // 1: back and forth three times, on Monday 2 and Tuesday 3 March.
        (
            ReportDraft(id: 1, client: "acme", lane: .normal, channels: ["linkedin", "x"], authorSide: .agency),
            [
                ("2026-03-02T08:00", "ann", .create, .draft, nil),
                ("2026-03-02T09:00", "ann", .submit, .review, nil),  // agency held 1h
                ("2026-03-02T10:00", "carl", .comment, .review, nil),  // first response 1h
                ("2026-03-02T11:00", "carl", .requestChanges, .draft, nil),  // round 1: 2h
                ("2026-03-02T13:00", "ann", .submit, .review, nil),  // agency 2h
                ("2026-03-02T14:00", "carl", .acknowledge, .review, "2026-03-02T15:00"),  // response 1h
                ("2026-03-02T14:30", "dora", .requestChanges, .draft, nil),  // round 2: 1.5h, ack kept
                ("2026-03-02T15:30", "ann", .submit, .review, nil),  // agency 1h; 16:30 in Berlin
                // Round 3: 18h wall; 16:30–17:00 and 9:00–10:30 in Berlin = 2h of business time.
                ("2026-03-03T09:30", "carl", .requestChanges, .draft, nil),
                ("2026-03-03T10:30", "ann", .submit, .review, nil),  // agency 1h
                ("2026-03-03T11:30", "carl", .approve, .approved, nil),  // round 4: 1h
                ("2026-03-03T12:00", "ann", .publish, .published, nil),
                ("2026-03-04T12:00", "carl", .comment, .published, nil),
            ]
        ),
        // 2: across a weekend. Submitted Friday 16:00 in Berlin, approved Monday 10:00: 66h of wall time, 2h of
        // business time (Friday 16–17, Monday 9–10), inside the 4h SLA. The acknowledgement promised Monday 9:30.
        (
            ReportDraft(id: 2, client: "acme", lane: .normal, channels: ["linkedin"], authorSide: .agency),
            [
                ("2026-03-06T14:00", "ann", .create, .draft, nil),
                ("2026-03-06T15:00", "ann", .submit, .review, nil),  // agency 1h
                ("2026-03-06T15:30", "dora", .acknowledge, .review, "2026-03-09T08:30"),  // response 30m
                ("2026-03-09T08:15", "flowd", .remind, .review, nil),
                ("2026-03-09T09:00", "dora", .approve, .approved, nil),  // ack broken
            ]
        ),
        // 3: still in review at the end (now = 10 March 12:00Z); submitted 9:00 in Berlin after an hour in draft
        // before opening time.
        (
            ReportDraft(id: 3, client: "acme", lane: .normal, channels: [], authorSide: .agency),
            [
                ("2026-03-10T07:00", "ann", .create, .draft, nil),  // agency 1h wall, 0 business
                ("2026-03-10T08:00", "ann", .submit, .review, nil),
                ("2026-03-10T08:30", "carl", .acknowledge, .review, "2026-03-12T00:00"),  // pending
            ]
        ),
        // 4: nobody answers; the ladder reminds, escalates and approves after 2h, missing the 1h SLA.
        (
            ReportDraft(id: 4, client: "beta", lane: .urgent, channels: ["x"], authorSide: .agency),
            [
                ("2026-03-04T09:00", "ann", .create, .draft, nil),
                ("2026-03-04T09:00", "ann", .submit, .review, nil),
                ("2026-03-04T10:00", "flowd", .remind, .review, nil),
                ("2026-03-04T10:30", "flowd", .escalate, .review, nil),
                ("2026-03-04T11:00", "flowd", .autoApprove, .approved, nil),
                ("2026-03-04T12:00", "ann", .publish, .published, nil),
            ]
        ),
        // 5: all before the period.
        (
            ReportDraft(id: 5, client: "acme", lane: .normal, channels: ["x"], authorSide: .agency),
            [
                ("2026-02-20T09:00", "ann", .create, .draft, nil),
                ("2026-02-20T10:00", "ann", .submit, .review, nil),
                ("2026-02-21T10:00", "carl", .approve, .approved, nil),
                ("2026-02-22T10:00", "ann", .publish, .published, nil),
            ]
        ),
        // 6: submitted before the period, changes requested inside it after 72h; 33h of the review and the 195h
        // in draft since then fall in the period.
        (
            ReportDraft(id: 6, client: "beta", lane: .normal, channels: ["x"], authorSide: .agency),
            [
                ("2026-02-27T08:00", "ann", .create, .draft, nil),
                ("2026-02-27T09:00", "ann", .submit, .review, nil),
                ("2026-03-02T09:00", "erin", .requestChanges, .draft, nil),
            ]
        ),
        // 7: the ladder warns, the review deadline passes, the review expires back to draft; the rework deadline
        // passes a day later and the draft stays in draft (3h of review, then 120h in draft, in the period).
        (
            ReportDraft(id: 7, client: "beta", lane: .normal, channels: ["x"], authorSide: .agency),
            [
                ("2026-03-05T09:00", "ann", .create, .draft, nil),
                ("2026-03-05T09:00", "ann", .submit, .review, nil),
                ("2026-03-05T10:00", "flowd", .warn, .review, nil),
                ("2026-03-05T11:00", "flowd", .deadlineMissed, .review, nil),
                ("2026-03-05T12:00", "flowd", .returnToDraft, .draft, nil),
                ("2026-03-06T12:00", "flowd", .deadlineMissed, .draft, nil),
            ]
        ),
    ]

    /// The report from 1 to 11 March, run at 10 March 12:00Z, with draft 3 overdue now.
    static func report(_ grouping: ReportGrouping, clients: Set<String>? = nil) -> (
        [String: ReportFigures], ReportFigures
    ) {
        var report = LoopReport(
            from: t("2026-03-01T00:00"), to: t("2026-03-11T00:00"), now: t("2026-03-10T12:00"),
            grouping: grouping, directory: directory, clients: clients)
        for (draft, steps) in history {
            report.begin(draft)
            for step in steps {
                report.record(
                    ReportEvent(
                        draftID: draft.id, at: t(step.at), actor: step.actor, kind: step.kind, to: step.to,
                        until: step.until.map(t)))
            }
        }
        report.overdue(history[2].0, state: .review)
        let rows = report.finish()
        return (Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0.figures) }), report.total)
    }

    @Test func byClient() throws {
        let (rows, _) = Self.report(.client)
        #expect(rows.keys.sorted() == ["acme", "beta"])
        let acme = try #require(rows["acme"])
        #expect(acme.drafts == 3)
        #expect(acme.submitted == 6)
        #expect(acme.decided == 5)
        #expect(acme.approved == 2)
        #expect(acme.changesRequested == 3)
        #expect(acme.reworkRounds == 3)
        // Review rounds: 1h, 1.5h, 2h, 18h, 66h of wall time; 1h, 1.5h, 2h, 2h, 2h of business time.
        #expect(acme.reviewWall.percentile(0.5) == 7_200)
        #expect(acme.reviewWall.percentile(0.9) == 237_600)
        #expect(acme.reviewWall.max == 66 * 3_600)
        #expect(acme.reviewBusiness.percentile(0.5) == 7_200)
        #expect(acme.reviewBusiness.max == 7_200)
        // First responses: 1h, 1h, 18h, 1h, 30m, 30m (business: 1h, 1h, 2h, 1h, 30m, 30m).
        #expect(acme.firstResponseWall.count == 6)
        #expect(acme.firstResponseWall.percentile(0.5) == 3_600)
        #expect(acme.firstResponseWall.percentile(0.9) == 64_800)
        #expect(acme.firstResponseBusiness.percentile(0.9) == 7_200)
        // Ball in court: company 22.5h + 66h + 4h; agency 5h + 1h + 1h.
        #expect(acme.heldWall[.company] == 92.5 * Self.hour)
        #expect(acme.heldBusiness[.company] == 12.5 * Self.hour)
        #expect(acme.heldWall[.agency] == 7 * Self.hour)
        #expect(acme.heldBusiness[.agency] == 6 * Self.hour)
        #expect(acme.slaRounds == 5)
        #expect(acme.slaHits == 5)
        #expect(acme.steps.remind == 1 && acme.steps.escalate == 0)
        #expect([acme.acksGiven, acme.acksKept, acme.acksBroken, acme.acksPending] as [Int] == [3, 1, 1, 1])
        #expect(acme.overdue == 1)
        #expect(acme.reworkPerDraft == 1)
        // Draft 1 was published on 3 March; the first approval was draft 1's, on 3 March at 11:30.
        #expect(acme.published == 1)
        #expect(acme.firstApprovedAt == Self.t("2026-03-03T11:30"))

        let beta = try #require(rows["beta"])
        #expect(beta.drafts == 3)
        #expect(beta.submitted == 2)
        #expect(beta.decided == 2)
        #expect(beta.autoApproved == 1)
        #expect(beta.changesRequested == 1)
        #expect(beta.expired == 1)
        #expect(beta.published == 1)
        #expect(beta.firstApprovedAt == Self.t("2026-03-04T11:00"))
        #expect(beta.reworkRounds == 2)
        #expect(beta.reviewWall.max == 72 * 3_600)
        #expect(beta.reviewBusiness.percentile(0.5) == 7_200)
        #expect(beta.firstResponseWall.count == 1)
        #expect(beta.heldWall[.company] == 38 * Self.hour)
        #expect(beta.heldWall[.agency] == 315 * Self.hour)
        #expect(beta.heldBusiness[.agency] == 315 * Self.hour)
        #expect(beta.slaRounds == 2)
        #expect(beta.slaHits == 0)
        #expect(beta.slaHitRate == 0)
        let steps = beta.steps
        #expect(
            [steps.remind, steps.escalate, steps.autoApprove, steps.warn, steps.returnToDraft, steps.deadlineMissed]
                as [Int] == [1, 1, 1, 1, 1, 2])
    }

    @Test func theWeekendDoesNotCountInTheBusinessClock() throws {
        let (rows, _) = Self.report(.approver)
        let dora = try #require(rows["dora"])
        // Dora decided round 2 of draft 1 (1.5h) and draft 2 (66h wall, 2h business).
        #expect(dora.decided == 2)
        #expect(dora.reviewWall.max == 66 * 3_600)
        #expect(dora.reviewBusiness.max == 7_200)
        #expect(dora.reviewBusiness.percentile(0.5) == 5_400)
        #expect([dora.acksGiven, dora.acksBroken] as [Int] == [1, 1])
    }

    @Test func byApproverEachRoundBelongsToWhoDecidedIt() throws {
        let (rows, total) = Self.report(.approver)
        #expect(rows.keys.sorted() == ["(none)", "carl", "dora", "erin", "flowd"])
        let carl = try #require(rows["carl"])
        #expect(carl.decided == 3)
        #expect(carl.approved == 1)
        #expect(carl.changesRequested == 2)
        // Carl's acknowledgements: kept on draft 1 (though Dora decided), pending on draft 3.
        #expect([carl.acksGiven, carl.acksKept, carl.acksPending] as [Int] == [2, 1, 1])
        #expect(rows["flowd"]?.autoApproved == 1)
        #expect(rows["erin"]?.heldWall[.company] == 33 * Self.hour)
        // The time in draft after erin's request is erin's to answer for; the open round is nobody's yet.
        #expect(rows["erin"]?.heldWall[.agency] == 195 * Self.hour)
        #expect(rows["(none)"]?.heldWall[.company] == 4 * Self.hour)
        #expect(total.decided == 7)
        #expect(total.drafts == 6)
        // The review that expired is flowd's, and so is the time in draft it caused.
        #expect(rows["flowd"]?.expired == 1)
        #expect(rows["flowd"]?.heldWall[.agency] == 120 * Self.hour)
    }

    @Test func bySideTheAgencySubmitsAndTheCompanyDecides() throws {
        let (rows, total) = Self.report(.side)
        let company = try #require(rows["company"])
        let agency = try #require(rows["agency"])
        #expect(agency.submitted == 8)
        // Drafts submitted in the period are in both sides' loop; draft 6 (submitted before) only the reviewers'.
        #expect(agency.drafts == 5)
        #expect(company.drafts == 6)
        #expect(company.submitted == 0)
        #expect(company.decided == 7)
        #expect(agency.decided == 0)
        #expect(company.heldWall[.company] == 130.5 * Self.hour)
        #expect(agency.heldWall[.agency] == 322 * Self.hour)
        // A missed review deadline is the reviewing side's, a missed rework deadline the author's.
        #expect(company.steps.deadlineMissed == 1)
        #expect(agency.steps.deadlineMissed == 1)
        #expect(company.overdue == 1)
        #expect(total.submitted == 8)
    }

    @Test func aDraftOnTwoChannelsCountsInBothButOnceInTheTotal() throws {
        let (rows, total) = Self.report(.channel)
        #expect(rows["linkedin"]?.drafts == 2)
        #expect(rows["x"]?.drafts == 4)
        #expect(rows["(none)"]?.drafts == 1)
        #expect(total.drafts == 6)
        #expect(rows["x"]?.submitted == 6)
    }

    @Test func onlyTheClientsInScopeCount() {
        let (rows, total) = Self.report(.client, clients: ["beta"])
        #expect(rows.keys.sorted() == ["beta"])
        #expect(total.drafts == 3)
        #expect(total.overdue == 0)
    }

    /// A crisis's summary counts one lane: here the urgent lane holds draft 4 only.
    @Test func onlyTheLanesAskedForCount() {
        var report = LoopReport(
            from: Self.t("2026-03-01T00:00"), to: Self.t("2026-03-11T00:00"), now: Self.t("2026-03-10T12:00"),
            grouping: .approver, directory: Self.directory, clients: nil, lanes: [.urgent])
        for (draft, steps) in Self.history {
            report.begin(draft)
            for step in steps {
                report.record(
                    ReportEvent(
                        draftID: draft.id, at: Self.t(step.at), actor: step.actor, kind: step.kind, to: step.to,
                        until: step.until.map(Self.t)))
            }
        }
        let rows = Dictionary(uniqueKeysWithValues: report.finish().map { ($0.key, $0.figures) })
        #expect(rows.keys.sorted() == ["flowd"])
        #expect(report.total.drafts == 1)
        #expect(report.total.published == 1)
        #expect(rows["flowd"]?.published == 1)
    }

    @Test func aPeriodWithoutDraftsIsEmpty() {
        var report = LoopReport(
            from: Self.t("2025-01-01T00:00"), to: Self.t("2025-02-01T00:00"), now: Self.t("2026-03-10T12:00"),
            grouping: .client, directory: Self.directory, clients: nil)
        #expect(report.finish().isEmpty)
        #expect(report.total == ReportFigures())
    }
}
