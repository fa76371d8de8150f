import ArgumentParser
import FlowAPI

struct Deliveries: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "Outgoing notifications and how their delivery went.",
        discussion: "flowctl deliveries [--failed] [--sink NAME] lists; flowctl deliveries retry ID sends one again.",
        subcommands: [ListDeliveries.self, Retry.self], defaultSubcommand: ListDeliveries.self)

    struct ListDeliveries: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List deliveries, newest first.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Flag(help: "Only deliveries that failed at least once and are not delivered (retrying or dead-lettered).")
        var failed = false
        @Option(help: "Only deliveries to this sink.") var sink: String?
        @Option(help: "At most this many (1-1000).") var limit: Int = 50
        @Option(help: "Only deliveries with ids below this (paging).") var before: Int64?

        func validate() throws {
            if !(1...1000).contains(limit) { throw ValidationError("--limit must be from 1 to 1000") }
        }

        func run() throws {
            var query = ["limit=\(limit)"]
            if failed { query.append("failed=true") }
            if let sink { query.append("sink=\(queryValue(sink))") }
            if let before { query.append("before=\(before)") }
            try global.perform(
                { try $0.get("/v1/deliveries?" + query.joined(separator: "&"), as: DeliveryList.self) },
                human: Render.deliveries)
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Send a delivery again now, with the same webhook-id (needs role admin).",
            discussion: "A sink that a 410 Gone disabled is enabled again by retrying one of its deliveries.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Argument(help: "Delivery id (from flowctl deliveries).") var id: Int64

        func run() throws {
            try global.perform(
                { try $0.post("/v1/deliveries/\(id)/retry", [String: String](), as: DeliveryView.self) },
                human: { "delivery \($0.id) to \($0.sink) queued again (webhook-id \($0.webhookId))" })
        }
    }
}
