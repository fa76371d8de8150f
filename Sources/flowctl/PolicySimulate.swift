import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

extension Policy {
    /// `flowctl policy simulate`: the lane's history replayed under the policy in force and a proposal.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Replay a client's lane over a period under its policy and under a proposed ladder.",
            discussion: """
                Fits how the client's approvers answered in the period (on their own, after a reminder, after an \
                escalation; how often they asked for changes; how long rework took), replays the period's \
                submissions --runs times under the policy in force and under the proposal with the same random \
                draws, and prints both side by side. The proposal file holds the keys of a [lanes.NAME] table at \
                its top (ladder, review_sla, clock, auto_approve, ...); what it leaves out stays as configured. The \
                model and its limits: README.md, "Tuning a ladder on your own history".
                """)
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Option(help: "Client id.") var client: String
        @Option(help: "Lane: normal, urgent or crisis.") var lane: String = "normal"
        @Option(help: "How far back the history goes (a duration like 90d).") var since: String = "90d"
        @Option(help: "The proposed policy: a TOML file with ladder = [...] and other lane keys.") var ladder: String
        @Option(help: "Replays of each submission (1 to 1000).") var runs: Int = 200
        @Option(help: "The random draws' seed: one seed, the same figures.") var seed: UInt64 = 1

        func validate() throws {
            if Lane(rawValue: lane) == nil { throw ValidationError("lane must be normal, urgent or crisis") }
            guard let span = TimeSpan(since), span.seconds > 0 else {
                throw ValidationError("--since must be a duration like 90d or 12w, not \(quoted(since))")
            }
            _ = span
        }

        func run() throws {
            let text = try readProposal(ladder)
            let request = SimulationRequest(
                client: client, lane: Lane(rawValue: lane) ?? .normal, sinceSeconds: TimeSpan(since)?.seconds ?? 0,
                proposal: text, proposalName: ladder, runs: runs, seed: seed)
            try global.perform(
                { try $0.post("/v1/policy/simulate", request, as: SimulationView.self) }, human: Render.simulation)
        }

        /// The proposal file's text, refused when it is missing, too large or not UTF-8.
        private func readProposal(_ path: String) throws -> String {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ValidationError("cannot read the ladder file \(quoted(path))")
            }
            defer { try? handle.close() }
            let data = (try? handle.read(upToCount: PolicySimulation.maxProposalBytes + 1)) ?? Data()
            guard data.count <= PolicySimulation.maxProposalBytes else {
                throw ValidationError(
                    "\(path) is larger than \(PolicySimulation.maxProposalBytes / 1024) KiB: not a ladder")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("\(path) is not UTF-8 text")
            }
            return text
        }
    }
}
