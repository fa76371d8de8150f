/// The one table flowctl prints: columns padded to their widest cell in terminal columns (`DisplayWidth`), two
/// spaces apart, and no line ending in spaces. A table of figures (the report) may right-align its columns of
/// figures so their units line up; the others stay left-aligned, as the README's tour shows them. A stream, whose rows
/// are not known beforehand, fixes its widths up front (`init(widths:alignments:)`); a cell longer than its column
/// then pushes only its own line.
public struct TextTable: Sendable {
    public enum Alignment: Sendable, Equatable { case left, right }

    public var widths: [Int]
    public var alignments: [Alignment]

    public init(widths: [Int], alignments: [Alignment]) {
        self.widths = widths
        self.alignments = alignments
    }

    /// Widths that fit the header and every row; with `alignFigures`, a column whose cells are all figures (or
    /// "-") is right-aligned.
    public init(header: [String], rows: [[String]], alignFigures: Bool = false) {
        let count = ([header] + rows).map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: count)
        for row in [header] + rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        let alignments = (0..<count).map { i in
            let cells = rows.compactMap { i < $0.count ? $0[i] : nil }.filter { $0 != "-" && !$0.isEmpty }
            // A column with no figure yet ("-" throughout) aligns like its neighbours that have them.
            return alignFigures && cells.allSatisfy(Self.isFigure) ? Alignment.right : .left
        }
        self.init(widths: widths, alignments: alignments)
    }

    /// The header line (when there is one) and the rows, joined by newlines.
    public static func render(_ header: [String], _ rows: [[String]], alignFigures: Bool = false) -> String {
        let table = TextTable(header: header, rows: rows, alignFigures: alignFigures)
        return ((header.isEmpty ? [] : [table.line(header)]) + rows.map(table.line)).joined(separator: "\n")
    }

    /// One line: each cell padded to its column, the last left-aligned one not at all.
    public func line(_ cells: [String]) -> String {
        var text = ""
        for (i, cell) in cells.enumerated() {
            if i > 0 { text += "  " }
            let width = i < widths.count ? widths[i] : 0
            let pad = String(repeating: " ", count: max(0, width - DisplayWidth.of(cell)))
            let right = i < alignments.count && alignments[i] == .right
            text += right ? pad + cell : (i == cells.count - 1 ? cell : cell + pad)
        }
        // An empty cell at the end (a day without a note) would otherwise leave the padding before it.
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// A figure: a count, share, ratio, clock time or duration ("12", "71%", "0.38", "20/114", "3.5h", "2d 4h"), so the
    /// column reads best aligned on its right; a word or a name is not.
    public static func isFigure(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first, ("0"..."9").contains(first) else { return false }
        return cell.unicodeScalars.allSatisfy { figureScalars.contains($0) }
    }

    private static let figureScalars = Set("0123456789.,:/% dhms".unicodeScalars)
}
