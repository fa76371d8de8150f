import Foundation
import Testing

@testable import FlowConfig

/// config.toml is the reference a new operator reads: a key flowd takes and the file never names is a key nobody
/// finds.
@Suite struct ReferenceConfigKeysTests {
    @Test func theReferenceConfigDocumentsEveryLaneKey() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("config.toml"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let missing = Reader.laneKeys.filter { key in
            !lines.contains { $0.hasPrefix("#   \(key) ") || $0.hasPrefix("\(key) =") }
        }
        #expect(missing.isEmpty, "config.toml says nothing of \(missing)")
    }
}
