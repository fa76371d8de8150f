import FlowCore
import Foundation
import TOMLKit

/// Reads config.toml's tables into the model, collecting every problem with its line instead of stopping at
/// the first; asks `host` whatever the machine must answer.
struct Reader {
    let lines: LineIndex
    let host: any ConfigHost
    var issues: [ConfigIssue] = []
    var warnings: [ConfigIssue] = []
    /// Where the file itself holds a secret (inline webhook or sink secrets, Slack webhook URLs).
    var inlineSecrets: [String] = []

    init(lines: LineIndex, host: any ConfigHost) {
        self.lines = lines
        self.host = host
    }

    mutating func issue(_ path: String, _ message: String) {
        issues.append(ConfigIssue(line: lines.line(path), message: message))
    }

    mutating func warning(_ path: String, _ message: String) {
        warnings.append(ConfigIssue(line: lines.line(path), message: message))
    }

    mutating func checkKeys(_ table: TOMLTable, _ path: String, allowed: Set<String>) {
        for key in table.keys where !allowed.contains(key) {
            let name = path.isEmpty ? key : "\(path).\(key)"
            issue(name, "unknown key \(quoted(name)); known here: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    mutating func string(_ table: TOMLTable, _ key: String, _ path: String, required: Bool = false) -> String? {
        guard let value = table[key] else {
            if required { issue(path, "\(path): missing required key \(quoted(key))") }
            return nil
        }
        guard let string = value.string else {
            issue("\(path).\(key)", "\(path).\(key) must be a string, not \(value.type)")
            return nil
        }
        return string
    }

    mutating func bool(_ table: TOMLTable, _ key: String, _ path: String) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let bool = value.bool else {
            issue("\(path).\(key)", "\(path).\(key) must be true or false")
            return nil
        }
        return bool
    }

    mutating func int(_ table: TOMLTable, _ key: String, _ path: String, range: ClosedRange<Int>) -> Int? {
        guard let value = table[key] else { return nil }
        guard let int = value.int else {
            issue("\(path).\(key)", "\(path).\(key) must be an integer, not \(value.type)")
            return nil
        }
        guard range.contains(int) else {
            issue("\(path).\(key)", "\(path).\(key) must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return int
    }

    mutating func strings(_ table: TOMLTable, _ key: String, _ path: String) -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else {
            issue("\(path).\(key)", "\(path).\(key) must be an array of strings, not \(value.type)")
            return nil
        }
        var out: [String] = []
        for element in array {
            guard let string = element.string else {
                issue("\(path).\(key)", "\(path).\(key) must hold strings only, found \(element.type)")
                return nil
            }
            out.append(string)
        }
        return out
    }

    mutating func tables(_ root: TOMLTable, _ key: String) -> [TOMLTable] {
        guard let value = root[key] else { return [] }
        guard let array = value.array else {
            issue(key, "\(key) must be an array of tables ([[\(key)]])")
            return []
        }
        var out: [TOMLTable] = []
        for (index, element) in array.enumerated() {
            guard let table = element.table else {
                issue("\(key)[\(index)]", "\(key) entries must be tables")
                continue
            }
            out.append(table)
        }
        return out
    }

    mutating func span(_ table: TOMLTable, _ key: String, _ path: String) -> TimeSpan? {
        guard let text = string(table, key, path) else { return nil }
        guard let span = TimeSpan(text) else {
            issue("\(path).\(key)", "\(path).\(key): \(quoted(text)) is not a duration like 15m, 4h, 2d or 1h30m")
            return nil
        }
        return span
    }

    /// A duration that may be shorter than a second: `250ms`, or anything `span` takes.
    mutating func seconds(_ table: TOMLTable, _ key: String, _ path: String, range: ClosedRange<Double>) -> Double? {
        guard let text = string(table, key, path) else { return nil }
        var value: Double?
        if text.hasSuffix("ms"), let millis = Int(text.dropLast(2)), millis >= 0 {
            value = Double(millis) / 1000
        } else if let span = TimeSpan(text) {
            value = span.timeInterval
        }
        guard let value, range.contains(value) else {
            issue(
                "\(path).\(key)",
                "\(path).\(key): \(quoted(text)) is not a duration between \(range.lowerBound)s and \(range.upperBound)s"
                    + " like 500ms, 10s or 1h")
            return nil
        }
        return value
    }

}
