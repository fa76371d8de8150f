import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Create a draft.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Option(help: "Client id.") var client: String?
    @Option(help: "Title.") var title: String?
    @Option(help: "Make the draft from an approved template (client/name, e.g. acme/outage).") var template: String?
    @Option(help: ArgumentHelp("A template's placeholder value; repeat for each.", valueName: "name=value"))
    var set: [String] = []
    @Option(help: "A channel (linkedin, instagram, x, ...); repeat for several.") var channel: [String] = []
    @Option(help: "Lane: normal, urgent or crisis (default: crisis while the client's crisis runs, else normal).")
    var lane: String?
    @Option(help: "When to publish: 'YYYY-MM-DD HH:MM' or YYYY-MM-DD in the client's time zone, or ISO-8601.")
    var publishAt: String?
    @Flag(help: "Publish as soon as it is approved.") var now = false
    @Option(help: "A label; repeat for several.") var label: [String] = []
    @Option(name: [.short, .customLong("message")], help: "A note for the history.") var message: String?
    @Option(help: "A picture or video to attach; repeat for several, in the order they are posted.")
    var media: [String] = []
    @Option(help: "The alt text of each --media, in the same order.") var alt: [String] = []
    @OptionGroup var bodySource: BodySource

    func validate() throws {
        if alt.count > media.count { throw ValidationError("\(alt.count) --alt for \(media.count) --media") }
        if template != nil, !media.isEmpty {
            throw ValidationError("a draft from a template takes no --media: its content is the approved template's")
        }
        if let lane, Lane(rawValue: lane) == nil { throw ValidationError("lane must be normal, urgent or crisis") }
        if let publishAt {
            _ = try parseTimeOrDate(publishAt)
            if now { throw ValidationError("give --publish-at or --now, not both") }
        }
        if template != nil {
            guard client == nil, title == nil, bodySource.body == nil, bodySource.bodyFile == nil, channel.isEmpty
            else {
                throw ValidationError(
                    "--template brings its client, title, body and channels: give only --set, --lane, --publish-at, "
                        + "--label and -m")
            }
            _ = try values()
        } else {
            guard client != nil, title != nil else { throw ValidationError("give --client and --title, or --template") }
            guard set.isEmpty else { throw ValidationError("--set fills a template's placeholders: give --template") }
        }
    }

    /// `--set name=value` pairs; a name given twice is a mistake, not an override.
    func values() throws -> [String: String] {
        var out: [String: String] = [:]
        for pair in set {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--set takes name=value, not \(pair)")
            }
            let name = String(pair[..<equals])
            guard out.updateValue(String(pair[pair.index(after: equals)...]), forKey: name) == nil else {
                throw ValidationError("--set \(name) is given twice")
            }
        }
        return out
    }

    func run() throws {
        let lane = lane.flatMap(Lane.init(rawValue:))
        let client = client ?? template.map { String($0.prefix { $0 != "/" }) }
        let publishAt =
            now ? Date() : try publishAt.map { try parsePublishTime($0) { try client.flatMap(clientZone) } }
        if let template {
            let request = UseTemplateRequest(
                template: template, values: try values(), lane: lane, publishAt: publishAt, labels: label,
                message: message)
            try global.perform(
                { try $0.post("/v1/templates/use", request, as: DraftView.self) }, human: Render.created)
            return
        }
        let request = CreateRequest(
            client: client ?? "", title: title ?? "", body: try bodySource.read(), channels: channel, lane: lane,
            publishAt: publishAt, labels: label, message: message)
        try global.perform(
            { client in
                // Every file is read and judged here first, as flowd would judge it: a bad one creates no draft.
                for file in media { try LocalMedia.check(file) }
                let created = try client.post("/v1/drafts", request, as: DraftView.self)
                return try attachAll(to: created, with: client)
            }, human: { Render.created($0) + ($0.media.isEmpty ? "" : ", with \($0.media.count) media") })
    }

    /// The media attached one by one, each at the revision the last one made; a refusal names the draft, which
    /// exists by then.
    private func attachAll(to created: DraftView, with client: ControlClient) throws -> DraftView {
        var draft = created
        for (index, file) in media.enumerated() {
            let path =
                "/v1/drafts/\(created.id)/media"
                + query([("alt", index < alt.count ? alt[index] : nil), ("revision", "\(draft.revision)")])
            do {
                draft = try client.upload(path, file: file, as: DraftView.self)
            } catch ClientError.api(let status, let code, let message) {
                throw ClientError.api(
                    status: status, code: code,
                    message: "draft \(created.id) was created, but \(file) was not attached: \(message)")
            }
        }
        return draft
    }

    /// The client's time zone, as flowd's calendar gives it; nil when flowd does not know the client (the request
    /// then fails on the client, not on the time).
    func clientZone(_ client: String) throws -> TimeZone? {
        let from = isoUTC(Date())
        let to = isoUTC(Date().addingTimeInterval(86_400))
        let view = try? global.client.get(
            "/v1/calendar?client=\(queryValue(client))&from=\(queryValue(from))&to=\(queryValue(to))",
            as: CalendarView.self)
        return view?.clients.first.flatMap { TimeZone(identifier: $0.timeZone) }
    }
}
