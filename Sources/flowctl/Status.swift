import ArgumentParser
import FlowAPI

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the daemon's version, uptime, database and counts.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }

    func run() throws {
        try global.perform({ try $0.get("/v1/status", as: StatusView.self) }, human: Render.status)
    }
}
