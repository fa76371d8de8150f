import Foundation
import Testing

/// docs/modules.md's logging policy: every metadata key a logger call passes is in its table, with its meaning, so
/// that one meaning has one key (`grep` of the journal by key finds every record of it).
@Suite struct LoggingKeysTests {
    @Test func everyMetadataKeyIsInThePolicysTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var used: Set<String> = []
        for folder in ["Sources/FlowDaemon", "Sources/flowd", "Sources/flowd-callgrind"] {
            let directory = root.appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: directory.path)
            where file.hasSuffix(".swift") {
                let lines = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                    .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                for (index, line) in lines.enumerated() {
                    // `metadata: ["key": …` (over up to five lines), `metadata["key"] = …`, `recordMiss(…, key: "…")`.
                    if line.contains("metadata") {
                        for near in lines[index..<min(index + 6, lines.count)] {
                            used.formUnion(near.matches(of: #/"([a-z0-9_]+)": /#).map { String($0.1) })
                        }
                    }
                    used.formUnion(
                        line.matches(of: /metadata\["([a-z0-9_]+)"\]|key: "([a-z0-9_]+)"/).compactMap {
                            ($0.1 ?? $0.2).map(String.init)
                        })
                }
            }
        }
        #expect(used.count > 40, "read the sources: \(used.sorted())")
        let policy = try String(contentsOf: root.appendingPathComponent("docs/modules.md"), encoding: .utf8)
        guard let table = policy.range(of: "## Logging policy") else {
            Issue.record("docs/modules.md has no logging policy")
            return
        }
        let documented = Set(
            policy[table.upperBound...].split(separator: "\n").compactMap { line in
                line.firstMatch(of: /^\| `([a-z0-9_]+)` \|/).map { String($0.1) }
            })
        #expect(
            used.subtracting(documented).isEmpty, "not in docs/modules.md: \(used.subtracting(documented).sorted())")
    }
}
