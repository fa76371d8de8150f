import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one draft.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Argument(help: "Draft id.") var id: Int64

    func run() throws {
        try global.perform({ try $0.get("/v1/drafts/\(id)", as: DraftView.self) }, human: Render.show)
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Show a draft's history.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Argument(help: "Draft id.") var id: Int64
    @Option(help: "At most this many events (1-1000).") var limit: Int = 500
    @Option(help: "Only events with ids above this (paging).") var after: Int64?

    func validate() throws {
        if !(1...1000).contains(limit) { throw ValidationError("--limit must be from 1 to 1000") }
    }

    func run() throws {
        let query = "?limit=\(limit)" + (after.map { "&after=\($0)" } ?? "")
        try global.perform(
            { try $0.get("/v1/drafts/\(id)/events" + query, as: EventList.self) }, human: Render.log)
    }
}
