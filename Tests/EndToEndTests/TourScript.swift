import Foundation

/// The README tour's `console` blocks as steps: a `$ ` line is a command, the lines up to the next one are what it
/// prints. In those lines `…` stands for any text (a pid, a time, a hash); a command whose comment says
/// `exit N` must exit N, every other one 0.
struct TourStep {
    var command: String
    var expected: [String]
    var exitCode: Int32

    /// The steps of the section that starts with `heading`, up to the next `## `.
    static func steps(in markdown: String, section heading: String) -> [TourStep] {
        var steps: [TourStep] = []
        var inSection = false
        var inBlock = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("## ") { inSection = line == heading }
            guard inSection else { continue }
            if line.hasPrefix("```") {
                inBlock = !inBlock && line == "```console"
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("$ ") {
                let command = String(line.dropFirst(2))
                steps.append(TourStep(command: command, expected: [], exitCode: Self.exitCode(command)))
            } else if !steps.isEmpty {
                steps[steps.count - 1].expected.append(line)
            }
        }
        return steps
    }

    /// Blocks of the section with a `$ ` line that are not `console`: they would be shown to a reader and never run.
    static func unrunBlocks(in markdown: String, section heading: String) -> Int {
        var count = 0
        var inSection = false
        var fence: String?
        var hasCommand = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("## ") { inSection = line == heading }
            guard inSection else { continue }
            if line.hasPrefix("```") {
                if let open = fence {
                    if open != "```console" && hasCommand { count += 1 }
                    fence = nil
                } else {
                    fence = line
                    hasCommand = false
                }
            } else if fence != nil, line.hasPrefix("$ ") {
                hasCommand = true
            }
        }
        return count
    }

    /// `# … (exit 3)` in the command's comment.
    static func exitCode(_ command: String) -> Int32 {
        guard let hash = command.range(of: "  #"),
            let match = command[hash.upperBound...].firstMatch(of: /exit (\d+)/)
        else { return 0 }
        return Int32(match.1) ?? 0
    }

    /// Whether `actual` is what the README shows: line for line, trailing spaces aside, `…` matching anything.
    func matches(_ actual: String) -> Bool {
        var lines = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.count == expected.count else { return false }
        return zip(expected, lines).allSatisfy { Self.line($0, matches: $1) }
    }

    static func line(_ pattern: String, matches text: String) -> Bool {
        let pieces = pattern.trimmingTrailingSpaces().components(separatedBy: "…")
        var rest = Substring(text.trimmingTrailingSpaces())
        for (index, piece) in pieces.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(piece) else { return false }
                rest = rest.dropFirst(piece.count)
            } else if index == pieces.count - 1 {
                return rest.hasSuffix(piece)
            } else {
                guard let found = rest.range(of: piece) else { return false }
                rest = rest[found.upperBound...]
            }
        }
        return rest.isEmpty
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
