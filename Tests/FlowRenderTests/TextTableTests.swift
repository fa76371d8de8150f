import Foundation
import Testing

@testable import FlowRender

/// The one table: columns line up in terminal columns whatever the script, figures align on their right, and no
/// line ends in spaces.
@Suite struct TextTableTests {
    /// Where each cell after the first starts, in terminal columns.
    static func starts(_ line: Substring, of cells: [String]) -> [Int] {
        var starts: [Int] = []
        var rest = String(line)
        var column = 0
        for cell in cells {
            guard let range = rest.range(of: cell) else { return [] }
            column += DisplayWidth.of(String(rest[..<range.lowerBound]))
            starts.append(column)
            column += DisplayWidth.of(cell)
            rest = String(rest[range.upperBound...])
        }
        return starts
    }

    @Test func columnsLineUpByDisplayWidth() {
        let rows = [
            ["1", "日本語のタイトル", "review", "ana"],
            ["22", "Cafe\u{301} launch 🎉", "approved", "carl"],
            ["333", "plain", "draft", "dora"],
        ]
        let lines = TextTable.render(["ID", "TITLE", "STATE", "BY"], rows, alignFigures: true).split(separator: "\n")
        #expect(lines.count == 4)
        let states = zip(lines.dropFirst(), rows).map { Self.starts($0, of: [$1[2], $1[3]]) }
        #expect(Set(states).count == 1, "\(lines)")
        #expect(states.first == [23, 33])  // 3 for the ids, 2, 16 for the widest title (the CJK one), 2
        #expect(Self.starts(lines[0], of: ["STATE", "BY"]) == [23, 33])
    }

    @Test func figuresAlignRightAndWordsLeft() {
        let rows = [["acme", "7", "45m"], ["globex", "1234", "-"]]
        let text = TextTable.render(["KEY", "DRAFTS", "P50"], rows, alignFigures: true)
        #expect(
            text == """
                KEY     DRAFTS  P50
                acme         7  45m
                globex    1234    -
                """)
        // Unasked, every column stays left-aligned.
        #expect(TextTable.render(["KEY", "DRAFTS"], [["acme", "7"]]) == "KEY   DRAFTS\nacme  7")
        #expect(TextTable.isFigure("3.5h") && TextTable.isFigure("2d 4h") && TextTable.isFigure("71%"))
        #expect(TextTable.isFigure("20/114") && TextTable.isFigure("0.38"))
        #expect(
            !TextTable.isFigure("acme") && !TextTable.isFigure("-") && !TextTable.isFigure("2026-05-04 Europe/Berlin"))
    }

    @Test func noLineEndsInSpaces() {
        let text = TextTable.render(["DAY", "NOTE", "TITLE"], [["Mon", "", ""], ["Tue", "holiday", "x"]])
        #expect(text.split(separator: "\n").allSatisfy { !$0.hasSuffix(" ") }, "\(text)")
        #expect(text.split(separator: "\n")[1] == "Mon")
    }

    @Test func fixedWidthsPushOnlyTheLongerLine() {
        let table = TextTable(widths: [3, 6, 0], alignments: [.right, .left, .left])
        #expect(table.line(["1", "submit", "ok"]) == "  1  submit  ok")
        #expect(table.line(["2", "request-changes", "no"]) == "  2  request-changes  no")
        #expect(table.line(["3", "承認", "yes"]) == "  3  承認    yes")
        #expect(table.line(["12345", "edit", "x"]) == "12345  edit    x")
    }
}
