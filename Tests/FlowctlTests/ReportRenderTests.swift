import FlowAPI
import FlowRender
import Foundation
import Testing

@testable import flowctl

/// `flowctl report`: the default table fits 100 columns and says its times are working hours; `--wide` has every
/// figure, working and wall time in columns of their own.
@Suite struct ReportRenderTests {
    static func lines(_ text: String) -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }

    @Test(arguments: ["client", "approver", "lane", "channel", "side"])
    func theDefaultTableFitsAHundredColumns(by: String) throws {
        let text = Render.report(try SeededReport.view(by: by), wide: false)
        let widest = Self.lines(text).map { DisplayWidth.of(String($0)) }.max() ?? 0
        #expect(widest <= 100, "\(text)")
        #expect(text.contains("times in working hours") && text.contains("--wide"))
        let header = try #require(Self.lines(text).first { $0.hasPrefix(by.uppercased()) })
        for column in ["DRAFTS", "DECIDED", "REVIEW P50", "P90", "WITHIN SLA", "REWORK", "OVERDUE"] {
            #expect(header.contains(column), "\(header)")
        }
        #expect(text.contains("away in the period"))
    }

    @Test func theDefaultTableShowsWorkingTimeInReadableUnits() throws {
        let text = Render.report(try SeededReport.view(), wide: false)
        let acme = try #require(Self.lines(text).first { $0.hasPrefix("acme ") })
        // review p50 7,980 s of working time, p90 8 h, first response 0 s, 71% within the SLA, 0.39 rework a draft.
        #expect(acme.split(separator: " ") == ["acme", "420", "566", "2.2h", "8h", "0s", "71%", "0.39", "5"])
        // The wall clock's 14 h and the figures' raw pairs stay out of the glance.
        #expect(!text.contains("14h") && !text.contains("/"))
        let idle = try #require(Self.lines(text).first { $0.hasPrefix("c06 ") })
        #expect(idle.split(separator: " ") == ["c06", "420", "0", "-", "-", "-", "71%", "0.39", "5"])
        #expect(Self.lines(text).last { $0.hasPrefix("total ") } != nil)
    }

    @Test func wideHasEveryFigureInAColumnOfItsOwn() throws {
        let view = try SeededReport.view()
        let text = Render.report(view, wide: true)
        let columns = ReportColumn.wide(keyHeader: "CLIENT")
        let header = try #require(Self.lines(text).first { $0.hasPrefix("CLIENT") })
        for column in columns { #expect(header.contains(column.header), "\(column.header)") }
        #expect(Set(columns.map(\.header)).count == columns.count)  // headers say which figure
        // Every JSON field of a row has its column, working time beside the wall clock.
        let data = try WireJSON.encoder().encode(view.rows[0])
        let keys = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]).keys
        #expect(Set(keys).subtracting(columns.map(\.key)).isEmpty)
        #expect(Set(columns.map(\.key)).count == columns.count)
        #expect(header.contains("REVIEW P50 WORK") && header.contains("REVIEW P50 WALL"))
        let acme = try #require(Self.lines(text).first { $0.hasPrefix("acme ") })
        let cells = acme.split(separator: " ").map(String.init)
        #expect(cells.count == columns.count + 1)  // the first approval's time is a date and a time
        #expect(cells.contains("2.2h") && cells.contains("14h") && cells.contains("52h"))
        #expect(text.contains("WORK in the client's working hours, WALL on the wall clock"))
        #expect(text.contains("away in the period"))
    }

    @Test func workingTimeReadsAtAGlance() {
        let cases: [(Double, String)] = [
            (0, "0s"), (42, "42s"), (60, "1m"), (2_700, "45m"), (3_599, "59m"), (3_600, "1h"), (12_600, "3.5h"),
            (35_999, "10h"), (79_200, "22h"), (504_000, "140h"),
        ]
        for (seconds, text) in cases { #expect(Render.workingTime(seconds) == text, "\(seconds)") }
    }
}
