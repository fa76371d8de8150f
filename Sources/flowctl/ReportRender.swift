import FlowAPI
import FlowCore
import Foundation

extension Render {
    /// The report as a table: one line per group and the total; times as business/wall.
    static func report(_ report: ReportView) -> String {
        func pair(_ business: Int64?, _ wall: Int64?) -> String {
            guard let business, let wall else { return "-" }
            return "\(duration(Double(business)))/\(duration(Double(wall)))"
        }
        func hours(_ business: Double, _ wall: Double) -> String {
            business == 0 && wall == 0 ? "-" : "\(number(business))/\(number(wall))h"
        }
        func number(_ value: Double) -> String {
            value == value.rounded() ? "\(Int(value))" : String(format: "%.1f", value)
        }
        func percent(_ value: Double?) -> String { value.map { "\(Int(($0 * 100).rounded()))%" } ?? "-" }
        func steps(_ row: ReportRowView) -> String {
            let parts = [
                ("remind", row.stepsRemind), ("warn", row.stepsWarn), ("escalate", row.stepsEscalate),
                ("auto-approve", row.stepsAutoApprove), ("return", row.stepsReturn),
                ("deadline-missed", row.stepsDeadlineMissed),
            ].filter { $0.1 > 0 }
            return parts.isEmpty ? "-" : parts.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        }
        func line(_ row: ReportRowView) -> [String] {
            [
                row.key, "\(row.drafts)", "\(row.submitted)", "\(row.decided)",
                pair(row.reviewBusinessP50, row.reviewP50), pair(row.reviewBusinessP90, row.reviewP90),
                pair(row.reviewBusinessMax, row.reviewMax),
                pair(row.firstResponseBusinessP50, row.firstResponseP50),
                hours(row.companyBusinessHours, row.companyHours), hours(row.agencyBusinessHours, row.agencyHours),
                row.reworkPerDraft.map { String(format: "%.2f", $0) } ?? "-", percent(row.slaHitRate),
                "\(row.autoApproved)", row.acksGiven == 0 ? "-" : "\(row.acksKept)/\(row.acksGiven)", "\(row.overdue)",
                steps(row),
            ]
        }
        let header = [
            report.by.rawValue.uppercased(), "DRAFTS", "SUBMITTED", "DECIDED", "REVIEW P50", "P90", "MAX",
            "1ST RESPONSE", "COMPANY HELD", "AGENCY HELD", "REWORK", "SLA", "AUTO", "ACKS KEPT", "OVERDUE", "STEPS",
        ]
        var rows = report.rows.map(line)
        if !report.rows.isEmpty { rows.append(line(report.total)) }
        let title =
            "\(time(report.from)) to \(time(report.to)), by \(report.by.rawValue); times business/wall"
        var text = title + "\n\n" + table(header, rows)
        if let autonomy = report.autonomy {
            // The record is the lane's whole recent history, not the period's: it is what the mode rests on now.
            text +=
                "\n\nearned autonomy (the record now):\n"
                + table(
                    ["CLIENT", "LANE", "MODE", "RECORD", "NEEDS"],
                    autonomy.map {
                        [
                            $0.client, $0.lane.rawValue, $0.mode, $0.why,
                            "\(Int(($0.share * 100).rounded()))% of \($0.after), window \($0.objectionWindow)",
                        ]
                    })
        }
        if let absences = report.absences {
            // A round a stand-in decided counts for the stand-in; this is why they decided it.
            text +=
                "\n\naway in the period:\n"
                + table(
                    ["PERSON", "FROM", "UNTIL", "STOOD IN"],
                    absences.map {
                        [$0.person, time($0.from), time(min($0.until, $0.endedAt ?? $0.until)), $0.standIn ?? "-"]
                    })
        }
        return text
    }
}
