import FlowAPI
import FlowCore
import FlowRender
import Foundation
import Testing

@testable import flowctl

/// `flowctl calendar`: each client's days through the one table, with the days that need a look said in NOTE.
@Suite struct CalendarRenderTests {
    static func post(_ id: Int64, _ title: String, at time: String, move: String? = "company") -> PlannedPostView {
        PlannedPostView(
            draft: id, title: title, state: .review, channels: ["linkedin", "x"], publishAt: Date(),
            localTime: time, whoseMove: move)
    }

    static let view = CalendarView(
        from: Date(timeIntervalSince1970: 1_796_000_000), to: Date(timeIntervalSince1970: 1_796_604_800),
        clients: [
            ClientCalendarView(
                client: "acme", name: "ACME", timeZone: "Europe/Berlin", cadence: ["mon", "wed", "fri"],
                days: [
                    CalendarDayView(
                        date: "2026-12-21", weekday: "mon", gap: false,
                        posts: [post(1, "新年のご挨拶 🎍", at: "09:00"), post(2, "Winter sale", at: "17:30", move: nil)]),
                    CalendarDayView(date: "2026-12-23", weekday: "wed", gap: true, posts: []),
                    CalendarDayView(date: "2026-12-24", weekday: "thu", gap: false, holiday: true, posts: []),
                    CalendarDayView(
                        date: "2026-12-25", weekday: "fri", gap: false, holiday: true,
                        posts: [post(3, "Frohe Weihnachten", at: "10:00")]),
                ]),
            ClientCalendarView(client: "globex", name: "Globex", timeZone: "UTC", cadence: [], days: []),
        ])

    @Test func daysAreATableWithTheirNotes() throws {
        let lines = Render.calendar(Self.view).split(separator: "\n").map(String.init)
        #expect(lines.contains("acme — ACME (Europe/Berlin), cadence mon, wed, fri"))
        let header = try #require(lines.first { $0.hasPrefix("  DAY") })
        let note = try #require(header.range(of: "NOTE")).lowerBound
        let noteColumn = DisplayWidth.of(String(header[..<note]))
        func noteAt(_ word: String) -> Int? {
            lines.first { $0.contains(word) }.flatMap { line in
                line.range(of: word).map { DisplayWidth.of(String(line[..<$0.lowerBound])) }
            }
        }
        #expect(noteAt("no post planned") == noteColumn)
        #expect(noteAt("holiday") == noteColumn)
        #expect(noteAt("ON A HOLIDAY") == noteColumn)
        // The wide title is last, so it pushes nothing; the second post of a day leaves its day blank.
        let title = try #require(header.range(of: "TITLE")).lowerBound
        let titleColumn = DisplayWidth.of(String(header[..<title]))
        #expect(noteAt("新年のご挨拶") == titleColumn && noteAt("Winter sale") == titleColumn)
        #expect(lines.contains { $0.hasPrefix("                   17:30  #2") })
        #expect(lines.last == "  nothing planned")
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
    }
}
