import FlowConfig
import Testing

/// Each text must be refused with an issue whose message contains its expected words.
func expectIssues(
    _ cases: [(String, String)], parse: (String) throws(ConfigError) -> DaemonConfig,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for (text, message) in cases {
        do {
            _ = try parse(text)
            Issue.record("\(text) was accepted", sourceLocation: sourceLocation)
        } catch {
            #expect(
                error.issues.contains { $0.message.contains(message) }, "\(error.issues)",
                sourceLocation: sourceLocation)
        }
    }
}
