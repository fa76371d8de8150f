import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

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
    @Option(help: "New publish time: 'YYYY-MM-DD HH:MM' or YYYY-MM-DD in the client's time zone, or ISO-8601.")
    var publishAt: String?
    @Flag(help: "Publish as soon as it is approved.") var now = false
    @Flag(help: "Remove the publish time.") var clearPublishAt = false
    @OptionGroup var bodySource: BodySource

    func validate() throws {
        if let publishAt { _ = try parseTimeOrDate(publishAt) }
        if [publishAt != nil, now, clearPublishAt].filter({ $0 }).count > 1 {
            throw ValidationError("give one of --publish-at, --now and --clear-publish-at")
        }
    }

    func run() throws {
        let request = ActionRequest(
            revision: mutation.revision, message: mutation.message, title: title, body: try bodySource.read(),
            channels: channel.isEmpty ? nil : channel,
            publishAt: now
                ? Date()
                : try publishAt.map {
                    // The draft's client's zone, from the draft itself; a draft flowd does not show fails here with
                    // the documented exit code, as the edit itself would.
                    try parsePublishTime($0) {
                        TimeZone(
                            identifier: try global.fetch { try $0.get("/v1/drafts/\(id)", as: DraftView.self) }.timeZone
                        )
                    }
                },
            clearPublishAt: clearPublishAt ? true : nil)
        try global.perform({ try $0.post("/v1/drafts/\(id)/edit", request, as: DraftView.self) }, human: Render.moved)
    }
}
