import ArgumentParser
import FlowAPI
import FlowCore

struct Agenda: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "Upcoming deadlines and escalation steps that concern you, soonest first, with whose move it is.",
        discussion: """
            Yours: the drafts you must act on now, the steps that will tell you, and the drafts you wrote. --all \
            shows every draft in your scope.
            """)
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Option(help: "How far ahead to look, e.g. 4h or 2d.") var within: String = "24h"
    @Flag(help: "Every draft in your scope, not only yours.") var all = false

    func validate() throws {
        if TimeSpan(within) == nil { throw ValidationError("--within \(within) is not a duration like 24h") }
    }

    func run() throws {
        try global.perform(
            { try $0.get("/v1/agenda?within=\(queryValue(within))\(all ? "&all=true" : "")", as: AgendaView.self) },
            human: Render.agenda)
    }
}
