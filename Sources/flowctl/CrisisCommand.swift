import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

/// `flowctl crisis start|end|status`: crisis mode for a client.
struct CrisisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crisis",
        abstract: "Crisis mode: while it runs, a client's new drafts go to the crisis lane.",
        discussion: """
            start puts a client into crisis (at most one at a time); its new drafts go to the crisis lane, with \
            that lane's SLAs and ladder, unless --lane says otherwise. end closes it and prints a summary of the \
            crisis lane: time to the first approved statement, statements approved and published, and who \
            decided how fast. The agency starts and ends crises.
            """,
        subcommands: [Start.self, End.self, Status.self], defaultSubcommand: Status.self)

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: "Put a client into crisis.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Option(help: "Client id.") var client: String
        @Option(name: [.customShort("m"), .long], help: "What happened (one line).") var message: String

        func run() throws {
            try global.perform(
                {
                    try $0.post(
                        "/v1/crises/start", CrisisRequest(client: client, message: message), as: CrisisView.self)
                }
            ) { view in
                var lines = [
                    "crisis started for \(view.client) at \(Render.time(view.startedAt)): new drafts go to the crisis lane"
                ]
                for template in view.templates ?? [] {
                    let values = template.placeholders.map { "--set \($0.name)=…" }.joined(separator: " ")
                    lines.append("  ready: flowctl new --template \(template.name) \(values)")
                }
                return lines.joined(separator: "\n")
            }
        }
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "end", abstract: "End a client's crisis and print its summary.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Option(help: "Client id.") var client: String

        func run() throws {
            try global.perform(
                { try $0.post("/v1/crises/end", CrisisRequest(client: client), as: CrisisView.self) },
                human: Render.crisisEnded)
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "The crises running now.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }

        func run() throws {
            try global.perform({ try $0.get("/v1/crises", as: CrisisList.self) }) { list in
                guard !list.crises.isEmpty else { return "no crisis is running" }
                return Render.table(
                    ["CLIENT", "SINCE", "BY", "MESSAGE"],
                    list.crises.map { [$0.client, Render.time($0.startedAt), $0.startedBy, $0.message] })
            }
        }
    }
}

extension Render {
    static func crisisEnded(_ view: CrisisView) -> String {
        var lines = [
            "crisis for \(view.client) ended: \(time(view.startedAt)) to \(view.endedAt.map(time) ?? "now")",
            "  \(view.message)",
        ]
        if let summary = view.summary {
            lines.append(
                "  first approved statement: "
                    + (summary.firstApprovedAfter.map { "after \(duration(Double($0)))" } ?? "none"))
            lines.append(
                "  statements: \(summary.statements), approved \(summary.approved), published \(summary.published)")
            for responder in summary.responders {
                let first = responder.firstResponseP50.map { duration(Double($0)) } ?? "-"
                lines.append("  \(responder.person): decided \(responder.decided), first response p50 \(first)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
