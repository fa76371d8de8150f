public import FlowCore
public import Foundation

/// One row of `GET /v1/report`: a group's figures, flat so that `--csv` is one line per row. Durations are whole
/// seconds (nil where nothing was measured), held time is hours; `business` means the client's working hours.
public struct ReportRowView: Codable, Sendable, Equatable {
    public var key: String
    public var drafts: Int
    public var submitted: Int
    public var decided: Int
    public var approved: Int
    public var changesRequested: Int
    public var autoApproved: Int
    public var expired: Int
    public var published: Int
    public var firstApprovedAt: Date?
    public var reviewP50: Int64?
    public var reviewP90: Int64?
    public var reviewMax: Int64?
    public var reviewBusinessP50: Int64?
    public var reviewBusinessP90: Int64?
    public var reviewBusinessMax: Int64?
    public var firstResponseP50: Int64?
    public var firstResponseP90: Int64?
    public var firstResponseBusinessP50: Int64?
    public var firstResponseBusinessP90: Int64?
    public var companyHours: Double
    public var agencyHours: Double
    public var companyBusinessHours: Double
    public var agencyBusinessHours: Double
    public var reworkRounds: Int
    public var reworkPerDraft: Double?
    public var slaRounds: Int
    public var slaHits: Int
    public var slaHitRate: Double?
    public var stepsRemind: Int
    public var stepsWarn: Int
    public var stepsEscalate: Int
    public var stepsAutoApprove: Int
    public var stepsReturn: Int
    public var stepsDeadlineMissed: Int
    public var acksGiven: Int
    public var acksKept: Int
    public var acksBroken: Int
    public var acksPending: Int
    public var overdue: Int

    public init(key: String, _ f: ReportFigures) {
        func hours(_ seconds: Double) -> Double { (seconds / 36).rounded() / 100 }
        func ratio(_ value: Double?) -> Double? { value.map { ($0 * 1000).rounded() / 1000 } }
        self.key = key
        drafts = f.drafts
        submitted = f.submitted
        decided = f.decided
        approved = f.approved
        changesRequested = f.changesRequested
        autoApproved = f.autoApproved
        expired = f.expired
        published = f.published
        firstApprovedAt = f.firstApprovedAt
        reviewP50 = f.reviewWall.percentile(0.5)
        reviewP90 = f.reviewWall.percentile(0.9)
        reviewMax = f.reviewWall.percentile(1)
        reviewBusinessP50 = f.reviewBusiness.percentile(0.5)
        reviewBusinessP90 = f.reviewBusiness.percentile(0.9)
        reviewBusinessMax = f.reviewBusiness.percentile(1)
        firstResponseP50 = f.firstResponseWall.percentile(0.5)
        firstResponseP90 = f.firstResponseWall.percentile(0.9)
        firstResponseBusinessP50 = f.firstResponseBusiness.percentile(0.5)
        firstResponseBusinessP90 = f.firstResponseBusiness.percentile(0.9)
        companyHours = hours(f.heldWall[.company])
        agencyHours = hours(f.heldWall[.agency])
        companyBusinessHours = hours(f.heldBusiness[.company])
        agencyBusinessHours = hours(f.heldBusiness[.agency])
        reworkRounds = f.reworkRounds
        reworkPerDraft = ratio(f.reworkPerDraft)
        slaRounds = f.slaRounds
        slaHits = f.slaHits
        slaHitRate = ratio(f.slaHitRate)
        stepsRemind = f.steps.remind
        stepsWarn = f.steps.warn
        stepsEscalate = f.steps.escalate
        stepsAutoApprove = f.steps.autoApprove
        stepsReturn = f.steps.returnToDraft
        stepsDeadlineMissed = f.steps.deadlineMissed
        acksGiven = f.acksGiven
        acksKept = f.acksKept
        acksBroken = f.acksBroken
        acksPending = f.acksPending
        overdue = f.overdue
    }
}

/// Answer of `GET /v1/report`: the period (half-open), how it was grouped, one row per group sorted by key, and
/// the total, in which a draft counted in several groups (channels) counts once.
public struct ReportView: Codable, Sendable {
    public var from: Date
    public var to: Date
    public var now: Date
    public var by: ReportGrouping
    public var rows: [ReportRowView]
    public var total: ReportRowView
    /// The lanes whose clients grant them autonomy, with the records their modes rest on.
    public var autonomy: [AutonomyView]?
    /// The absences that held during the period; left out where there were none.
    public var absences: [AbsenceView]?

    /// The report as the API shows it; `autonomy` is left out where no lane has any.
    public init(_ report: ReportReading) {
        from = report.from
        to = report.to
        now = report.now
        by = report.grouping
        rows = report.rows.map { ReportRowView(key: $0.key, $0.figures) }
        total = ReportRowView(key: "total", report.total)
        autonomy = report.autonomy.isEmpty ? nil : report.autonomy.map(AutonomyView.init)
        absences = report.absences.isEmpty ? nil : report.absences.map(AbsenceView.init)
    }
}

/// A lane whose client grants it autonomy, and the record its mode rests on.
public struct AutonomyView: Codable, Sendable, Equatable {
    public var client: String
    public var lane: Lane
    /// "unless-objected" while earned, else "normal".
    public var mode: String
    public var after: Int
    public var share: Double
    public var objectionWindow: String
    public var decided: Int
    public var unchanged: Int
    public var why: String

    public init(_ autonomy: LaneAutonomy) {
        client = autonomy.client
        lane = autonomy.lane
        mode = (autonomy.standing.earned ? ReviewMode.unlessObjected : ReviewMode.normal).rawValue
        after = autonomy.policy.after
        share = autonomy.policy.share
        objectionWindow = autonomy.policy.window.description
        decided = autonomy.standing.decided
        unchanged = autonomy.standing.unchanged
        why = autonomy.standing.why
    }
}
