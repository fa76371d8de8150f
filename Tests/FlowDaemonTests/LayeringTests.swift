import Foundation
import Testing

/// The services and handlers go through the engine, never its store (docs/modules.md, FlowDaemon): only the
/// engine's own files (`Engine*.swift`) may name `engine.store` or `.store.` of an engine.
@Suite struct LayeringTests {
    @Test func onlyTheEngineReachesItsStore() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/FlowDaemon")
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 20, "read \(sources.path)")
        var offenders: [String] = []
        for file in files where !file.hasPrefix("Engine") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.range(of: #"engine\.store\b"#, options: .regularExpression) != nil {
                offenders.append("\(file):\(number + 1)")
            }
        }
        #expect(offenders.isEmpty, "reach the store through the engine: \(offenders)")
    }
}
