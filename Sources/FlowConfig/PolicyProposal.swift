public import FlowCore

/// A proposed lane policy for `flowctl policy simulate`: a file with the keys of a `[lanes.NAME]` table at its top
/// (`ladder`, `review_sla`, `clock`, `auto_approve` …), read by the same rules as config.toml; what it leaves out is
/// the policy in force.
public enum PolicyProposal {
    /// The policy `text` proposes on top of `base`, or every problem in it at once, by line.
    public static func read(
        _ text: String, name: String, base: LanePolicy, groups: [String: [String]]
    ) throws(ConfigError) -> LanePolicy {
        guard text.utf8.count <= PolicySimulation.maxProposalBytes else {
            throw ConfigError(
                path: name,
                issues: [ConfigIssue(line: nil, message: "larger than \(PolicySimulation.maxProposalBytes / 1024) KiB")]
            )
        }
        let table = try ConfigLoader.table(text, path: name)
        var reader = Reader(lines: LineIndex(text), host: SystemHost())
        let policy = reader.policy(table, "", base: base, groups: groups)
        guard reader.issues.isEmpty else {
            // The keys sit at the file's top, not under a lane: "ladder[2]", not ".ladder[2]".
            let issues = reader.issues.map { issue in
                ConfigIssue(
                    line: issue.line,
                    message: issue.message.hasPrefix(".") ? String(issue.message.dropFirst()) : issue.message)
            }
            throw ConfigError(path: name, issues: issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        return policy
    }
}
