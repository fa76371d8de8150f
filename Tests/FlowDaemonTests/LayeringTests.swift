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

    /// The engine takes and returns FlowCore values; FlowAPI maps them to the wire at the edge (docs/modules.md,
    /// FlowDaemon). No file of the engine (`Engine*.swift`, or one that declares or extends `Engine`) imports FlowAPI.
    @Test func theEngineSpeaksTheDomain() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/FlowDaemon")
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        var wire: Set<String> = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            let lines = text.split(separator: "\n")
            let isEngine =
                file.hasPrefix("Engine")
                || lines.contains { $0.hasPrefix("extension Engine ") || $0.contains("class Engine:") }
            let importsWire = lines.contains {
                $0.range(of: #"^(public |internal |package )?import FlowAPI$"#, options: .regularExpression) != nil
            }
            if isEngine && importsWire { wire.insert(file) }
        }
        #expect(wire.isEmpty, "the engine speaks FlowCore; map at the edge: \(wire.sorted())")
    }
}
