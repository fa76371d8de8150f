import Foundation

/// Maps key paths like `users[1].side` to the line they are written on, since TOMLKit keeps no positions.
struct LineIndex {
    private(set) var lines: [String: Int] = [:]

    init(_ text: String) {
        var table = ""
        var arrayCounts: [String: Int] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[[") {
                let name = line.dropFirst(2).prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                let index = arrayCounts[name, default: 0]
                arrayCounts[name] = index + 1
                table = "\(name)[\(index)]"
                lines[table] = number
            } else if line.hasPrefix("[") {
                table = line.dropFirst().prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                // `[clients.hours]` after `[[clients]]` belongs to the latest clients entry.
                let parts = table.split(separator: ".").map(String.init)
                for length in stride(from: parts.count - 1, through: 1, by: -1) {
                    let prefix = parts[0..<length].joined(separator: ".")
                    if let count = arrayCounts[prefix] {
                        table = "\(prefix)[\(count - 1)]." + parts[length...].joined(separator: ".")
                        break
                    }
                }
                lines[table] = number
            } else if let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "")
                let full = table.isEmpty ? key : "\(table).\(key)"
                if lines[full] == nil { lines[full] = number }
            }
        }
    }

    /// The line of a key path, or of the nearest enclosing table.
    func line(_ path: String) -> Int? {
        var path = path
        while true {
            if let line = lines[path] { return line }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            path = String(path[..<cut])
        }
    }
}
