import FlowAPI
import FlowCore
import Foundation

extension Render {
    /// The report as a table: one line per group and the total. By default the figures read at a glance, in
    /// working time, within 100 columns; `wide`, every figure with working and wall time in columns of their own.
    static func report(_ report: ReportView, wide: Bool) -> String {
        let keyHeader = report.by.rawValue.uppercased()
        let columns = wide ? ReportColumn.wide(keyHeader: keyHeader) : ReportColumn.glance(keyHeader: keyHeader)
        let lines = (report.rows + (report.rows.isEmpty ? [] : [report.total])).map { row in
            columns.map { $0.cell(row) }
        }
        let period = "\(time(report.from)) to \(time(report.to)), by \(report.by.rawValue)"
        let title =
            wide
            ? period + "; WORK in the client's working hours, WALL on the wall clock"
            : period + "; times in working hours, --wide for all"
        var text = title + "\n\n" + table(columns.map(\.header), lines, alignFigures: true)
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
