import ArgumentParser
import FlowAPI
import FlowCore

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Create a draft.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Option(help: "Client id.") var client: String
    @Option(help: "Title.") var title: String
    @Option(help: "A channel (linkedin, instagram, x, ...); repeat for several.") var channel: [String] = []
    @Option(help: "Lane: normal, urgent or crisis (default: crisis while the client's crisis runs, else normal).")
    var lane: String?
    @Option(help: "When to publish (ISO-8601).") var publishAt: String?
    @Option(help: "A label; repeat for several.") var label: [String] = []
    @Option(name: [.short, .customLong("message")], help: "A note for the history.") var message: String?
    @OptionGroup var bodySource: BodySource

    func validate() throws {
        if let lane, Lane(rawValue: lane) == nil { throw ValidationError("lane must be normal, urgent or crisis") }
        if let publishAt { _ = try parseTime(publishAt) }
    }

    func run() throws {
        let request = CreateRequest(
            client: client, title: title, body: try bodySource.read(), channels: channel,
            lane: lane.flatMap(Lane.init(rawValue:)),
            publishAt: try publishAt.map(parseTime), labels: label, message: message)
        try global.perform({ try $0.post("/v1/drafts", request, as: DraftView.self) }, human: Render.created)
    }
}

struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change a draft's content; creates a revision.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64
    @Option(help: "New title.") var title: String?
    @Option(help: "Replace the channels; repeat for several.") var channel: [String] = []
    @Option(help: "New publish time (ISO-8601).") var publishAt: String?
    @Flag(help: "Remove the publish time.") var clearPublishAt = false
    @OptionGroup var bodySource: BodySource

    func validate() throws {
        if let publishAt {
            _ = try parseTime(publishAt)
            if clearPublishAt { throw ValidationError("give --publish-at or --clear-publish-at, not both") }
        }
    }

    func run() throws {
        let request = ActionRequest(
            revision: mutation.revision, message: mutation.message, title: title, body: try bodySource.read(),
            channels: channel.isEmpty ? nil : channel, publishAt: try publishAt.map(parseTime),
            clearPublishAt: clearPublishAt ? true : nil)
        try global.perform({ try $0.post("/v1/drafts/\(id)/edit", request, as: DraftView.self) }, human: Render.moved)
    }
}
