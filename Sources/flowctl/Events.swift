import ArgumentParser
import FlowAPI
import FlowCore
import FlowRender
import Foundation

/// `flowctl events [-f]`: committed events across drafts, like `docker events` and `journalctl -f`.
struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Committed events across drafts, oldest first; -f follows them as they commit.",
        discussion: """
            Every event has a stable, increasing id. --since ID starts after that event: after a disconnect or a \
            restart of flowd, resume with the last id you saw and nothing is missed or doubled. Without -f the \
            listing ends at the newest event; with -f and no --since it starts with the next one. Each event is \
            a line in fixed columns under a header: ID, TIME, CLIENT, DRAFT, ACTION, STATE (before → after), \
            ACTOR and MESSAGE; a value longer than its column pushes only its own line. --json prints each \
            event as one JSON object per line, without a header.
            """)
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Flag(name: [.customShort("f"), .long], help: "Keep following events as they commit.") var follow = false
    @Option(help: "Start after this event id.") var since: Int64?
    @Option(help: "Only this client's drafts.") var client: String?
    @Option(help: "Only this draft.") var draft: Int64?
    @Option(name: .customLong("type"), help: "Only these event types (repeat, or comma-separate).")
    var types: [String] = []

    func validate() throws {
        if let since, since < 0 { throw ValidationError("--since must be an event id (0 or more)") }
        for name in types.flatMap({ $0.split(separator: ",") }) where EventKind(rawValue: String(name)) == nil {
            let known = EventKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("unknown event type \(name); types are \(known)")
        }
    }

    func run() throws {
        var query = ["follow=\(follow)"]
        if let since { query.append("since=\(since)") }
        if let client { query.append("client=\(queryValue(client))") }
        if let draft { query.append("draft=\(draft)") }
        for name in types { query.append("type=\(queryValue(name))") }
        let global = global
        var last = since
        let decoder = WireJSON.decoder()
        let end: StreamEnd
        do {
            // The header goes out once flowd has accepted the query, so a refusal prints no table.
            let opened = {
                if !global.json {
                    FileHandle.standardOutput.write(Data((Render.eventColumns.line(Render.eventHeader) + "\n").utf8))
                }
            }
            end = try global.client.stream("/v1/events?" + query.joined(separator: "&"), opened: opened) { line in
                let data = Data(line.utf8)
                guard let event = try? EventView(jsonData: data) else {
                    if let envelope = try? decoder.decode(ErrorEnvelope.self, from: data) {
                        global.fail(envelope.error.message, code: envelope.error.code, exit: 1)
                    }
                    return
                }
                last = event.id
                let text = global.json ? line : TextEscaping.terminal(Render.event(event))
                FileHandle.standardOutput.write(Data((text + "\n").utf8))
            }
        } catch let error as ClientError {
            global.fail(error)
        }
        // A followed stream never ends on its own: flowd stopped, or dropped this follower.
        if end == .closed || follow {
            let resume = last.map { " --since \($0)" } ?? ""
            global.fail(
                "the stream ended: flowd stopped or closed it; resume with flowctl events -f\(resume)",
                code: .internalError, exit: 69)
        }
    }
}
