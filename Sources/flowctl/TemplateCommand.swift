import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

/// `flowctl template new|ls|revoke`: texts a client approves once and the agency then fills in.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Pre-approved templates: approved once, then used with flowctl new --template.",
        discussion: """
            A template is a draft of kind template: submit it and have it approved like any draft. Its body holds \
            typed placeholders: {{name:text}} or {{name:text:80}} (one line, at most N characters, 280 by \
            default), {{name:url:status.acme.com|acme.com}} (an https URL on those hosts or their subdomains) and \
            {{name:time}} (14:30). Once approved, flowctl new --template acme/outage --set name=value ... makes a \
            draft with the values filled in; where the lane has templates = true it is approved at once by the \
            template's approval. A template can expire, can cap its uses per day, and is revoked by withdrawing it \
            (template revoke); templates are never published.
            """,
        subcommands: [New.self, List.self, Revoke.self], defaultSubcommand: List.self)

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "new", abstract: "Create a template (a draft).")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Option(help: "Client id.") var client: String
        @Option(help: "The template's name within the client (outage in acme/outage).") var name: String
        @Option(help: "Title.") var title: String
        @Option(help: "A channel; repeat for several.") var channel: [String] = []
        @Option(help: "The lane the template itself is reviewed in (default normal).") var lane: String?
        @Option(help: "A label; repeat for several.") var label: [String] = []
        @Option(help: "When it stops being usable: ISO-8601, or YYYY-MM-DD for the start of that day here.")
        var expires: String?
        @Option(help: "At most this many uses per day (in the client's time zone).") var maxPerDay: Int?
        @Flag(help: "Offer it first while the client is in crisis.") var crisis = false
        @Option(name: [.short, .customLong("message")], help: "A note for the history.") var message: String?
        @OptionGroup var bodySource: BodySource

        func validate() throws {
            if let lane, Lane(rawValue: lane) == nil { throw ValidationError("lane must be normal, urgent or crisis") }
            if let expires { _ = try parseTimeOrDate(expires) }
        }

        func run() throws {
            guard let body = try bodySource.read() else {
                throw ValidationError("a template needs --body or --body-file")
            }
            let request = DefineTemplateRequest(
                client: client, name: name, title: title, body: body, channels: channel,
                lane: lane.flatMap(Lane.init(rawValue:)), labels: label,
                expiresAt: try expires.map { try parseTimeOrDate($0) },
                maxPerDay: maxPerDay, crisis: crisis ? true : nil, message: message)
            try global.perform({ try $0.post("/v1/templates", request, as: DraftView.self) }, human: Render.created)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls", abstract: "Templates, with their placeholders and whether they may be used now.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Option(help: "Only this client's.") var client: String?
        @Flag(help: "Revoked templates too.") var all = false

        func run() throws {
            let path = "/v1/templates" + query([("client", client), ("all", all ? "1" : nil)])
            try global.perform({ try $0.get(path, as: TemplateList.self) }, human: Render.templates)
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a template: no draft can be made from it any more.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Argument(help: "The template, as client/name.") var template: String
        @Option(name: [.short, .customLong("message")], help: "Why.") var message: String?

        func run() throws {
            try global.perform(
                {
                    try $0.post(
                        "/v1/templates/revoke", RevokeTemplateRequest(template: template, message: message),
                        as: DraftView.self)
                }
            ) { "template \(template) revoked (draft \($0.id) withdrawn)" }
        }
    }
}

extension Render {
    static func templates(_ list: TemplateList) -> String {
        guard !list.templates.isEmpty else { return "no templates" }
        return table(
            ["TEMPLATE", "DRAFT", "STATE", "USABLE", "TODAY", "PLACEHOLDERS"],
            list.templates.map { t in
                [
                    t.name + (t.crisis ? " (crisis)" : ""), "\(t.draft)", t.state.rawValue,
                    t.usable ? "yes" : "no: \(t.why ?? "")",
                    "\(t.usesToday)" + (t.maxPerDay.map { "/\($0)" } ?? ""),
                    t.placeholders.map { "\($0.name) (\($0.kind))" }.joined(separator: ", "),
                ]
            })
    }
}
