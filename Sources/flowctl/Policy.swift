import ArgumentParser
import FlowAPI
import FlowCore

struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Inspect escalation policies, and try a proposed one on the lane's own history.",
        subcommands: [Explain.self, Simulate.self])

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "Print the timeline a draft submitted at a time would follow, without creating anything.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Option(help: "Client id.") var client: String
        @Option(help: "Lane: normal, urgent or crisis.") var lane: String = "normal"
        @Option(help: "Submission time (ISO-8601, YYYY-MM-DD or 'YYYY-MM-DD HH:MM' local; default now).")
        var from: String?

        func validate() throws {
            if Lane(rawValue: lane) == nil { throw ValidationError("lane must be normal, urgent or crisis") }
            if let from { _ = try parseTimeOrDate(from) }
        }

        func run() throws {
            var query = "client=\(queryValue(client))&lane=\(lane)"
            if let from { query += "&from=\(queryValue(isoUTC(try parseTimeOrDate(from))))" }
            try global.perform(
                { try $0.get("/v1/policy/explain?" + query, as: PolicyExplanation.self) }, human: Render.explain)
        }
    }
}
