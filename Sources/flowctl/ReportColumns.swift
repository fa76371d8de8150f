import FlowAPI
import Foundation

/// The report's figures in the order a reader takes them in: what was done, how long review took (working time
/// beside wall time), who held the ball, how often it went back, the SLA, the ladder's steps, the promises, what is
/// late now. `--wide` shows them all in this order and `--csv` writes them in it; the default table picks a few.
struct ReportColumn {
    /// The row's key in `--json`, which is also the CSV's header.
    let key: String
    let header: String
    let cell: (ReportRowView) -> String

    init(_ key: String, _ header: String, _ cell: @escaping (ReportRowView) -> String) {
        self.key = key
        self.header = header
        self.cell = cell
    }

    /// A count, shown as is.
    init(_ key: String, _ header: String, count: KeyPath<ReportRowView, Int>) {
        self.init(key, header) { "\($0[keyPath: count])" }
    }

    /// A duration in seconds, "-" where no round was decided.
    init(_ key: String, _ header: String, seconds: KeyPath<ReportRowView, Int64?>) {
        self.init(key, header) { row in row[keyPath: seconds].map { Render.workingTime(Double($0)) } ?? "-" }
    }

    /// Hours a side held the drafts, "-" for none.
    init(_ key: String, _ header: String, hours: KeyPath<ReportRowView, Double>) {
        self.init(key, header) { row in row[keyPath: hours] == 0 ? "-" : Render.workingTime(row[keyPath: hours] * 3600)
        }
    }

    static func percent(_ value: Double?) -> String { value.map { "\(Int(($0 * 100).rounded()))%" } ?? "-" }
    static func ratio(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }

    /// Every figure of a row, in the order above.
    static func wide(keyHeader: String) -> [ReportColumn] {
        [
            ReportColumn("key", keyHeader) { $0.key },
            ReportColumn("drafts", "DRAFTS", count: \.drafts),
            ReportColumn("submitted", "SUBMITTED", count: \.submitted),
            ReportColumn("decided", "DECIDED", count: \.decided),
            ReportColumn("approved", "APPROVED", count: \.approved),
            ReportColumn("changes_requested", "CHANGES", count: \.changesRequested),
            ReportColumn("auto_approved", "AUTO-APPROVED", count: \.autoApproved),
            ReportColumn("expired", "EXPIRED", count: \.expired),
            ReportColumn("published", "PUBLISHED", count: \.published),
            ReportColumn("first_approved_at", "FIRST APPROVED") { $0.firstApprovedAt.map(Render.time) ?? "-" },
            ReportColumn("review_business_p50", "REVIEW P50 WORK", seconds: \.reviewBusinessP50),
            ReportColumn("review_p50", "REVIEW P50 WALL", seconds: \.reviewP50),
            ReportColumn("review_business_p90", "REVIEW P90 WORK", seconds: \.reviewBusinessP90),
            ReportColumn("review_p90", "REVIEW P90 WALL", seconds: \.reviewP90),
            ReportColumn("review_business_max", "REVIEW MAX WORK", seconds: \.reviewBusinessMax),
            ReportColumn("review_max", "REVIEW MAX WALL", seconds: \.reviewMax),
            ReportColumn("first_response_business_p50", "1ST RESPONSE P50 WORK", seconds: \.firstResponseBusinessP50),
            ReportColumn("first_response_p50", "1ST RESPONSE P50 WALL", seconds: \.firstResponseP50),
            ReportColumn("first_response_business_p90", "1ST RESPONSE P90 WORK", seconds: \.firstResponseBusinessP90),
            ReportColumn("first_response_p90", "1ST RESPONSE P90 WALL", seconds: \.firstResponseP90),
            ReportColumn("company_business_hours", "COMPANY HELD WORK", hours: \.companyBusinessHours),
            ReportColumn("company_hours", "COMPANY HELD WALL", hours: \.companyHours),
            ReportColumn("agency_business_hours", "AGENCY HELD WORK", hours: \.agencyBusinessHours),
            ReportColumn("agency_hours", "AGENCY HELD WALL", hours: \.agencyHours),
            ReportColumn("rework_rounds", "REWORK ROUNDS", count: \.reworkRounds),
            ReportColumn("rework_per_draft", "REWORK/DRAFT") { ratio($0.reworkPerDraft) },
            ReportColumn("sla_rounds", "SLA ROUNDS", count: \.slaRounds),
            ReportColumn("sla_hits", "SLA HITS", count: \.slaHits),
            ReportColumn("sla_hit_rate", "WITHIN SLA") { percent($0.slaHitRate) },
            ReportColumn("steps_remind", "REMINDED", count: \.stepsRemind),
            ReportColumn("steps_warn", "WARNED", count: \.stepsWarn),
            ReportColumn("steps_escalate", "ESCALATED", count: \.stepsEscalate),
            ReportColumn("steps_auto_approve", "AUTO-APPROVE STEPS", count: \.stepsAutoApprove),
            ReportColumn("steps_return", "RETURNED", count: \.stepsReturn),
            ReportColumn("steps_deadline_missed", "DEADLINES MISSED", count: \.stepsDeadlineMissed),
            ReportColumn("acks_given", "ACKS GIVEN", count: \.acksGiven),
            ReportColumn("acks_kept", "ACKS KEPT", count: \.acksKept),
            ReportColumn("acks_broken", "ACKS BROKEN", count: \.acksBroken),
            ReportColumn("acks_pending", "ACKS PENDING", count: \.acksPending),
            ReportColumn("overdue", "OVERDUE", count: \.overdue),
        ]
    }

    /// What an agency lead reads at a glance, in working time; within 100 columns for keys up to about 16
    /// characters.
    static func glance(keyHeader: String) -> [ReportColumn] {
        let picked: [(String, String)] = [
            ("key", keyHeader), ("drafts", "DRAFTS"), ("decided", "DECIDED"), ("review_business_p50", "REVIEW P50"),
            ("review_business_p90", "P90"), ("first_response_business_p50", "1ST RESPONSE"),
            ("sla_hit_rate", "WITHIN SLA"), ("rework_per_draft", "REWORK"), ("overdue", "OVERDUE"),
        ]
        let all = Dictionary(uniqueKeysWithValues: wide(keyHeader: keyHeader).map { ($0.key, $0) })
        return picked.compactMap { key, header in all[key].map { ReportColumn(key, header, $0.cell) } }
    }
}
