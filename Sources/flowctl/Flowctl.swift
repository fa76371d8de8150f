import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// flowctl: the command-line client of flowd's control socket.
@main
struct Flowctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flowctl",
        abstract: "Drive flowd: drafts through draft → review → approved → published.",
        discussion: """
            Exit codes: 0 ok, 1 error, 3 refused transition or stale revision, 4 not found, 64 usage,
            69 daemon unreachable. Shell completion: flowctl --generate-completion-script bash|zsh|fish.
            """,
        version: "0.1.0",
        subcommands: [
            New.self, Edit.self, Submit.self, Approve.self, RequestChanges.self, Publish.self, Withdraw.self,
            Comment.self, Acknowledge.self, List.self, Show.self, Log.self, Agenda.self, Policy.self, Status.self,
            Deliveries.self, Backup.self,
        ]
    )

    // Global options are accepted before the verb as well as after it.
    @OptionGroup var global: Global
}

/// Options every verb takes.
struct Global: ParsableArguments {
    @Option(
        help: ArgumentHelp("Control socket (default: $FLOWD_SOCKET, then /run/flowd/flowd.sock).", valueName: "path"))
    var socket: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this user (needs role admin).", valueName: "user"))
    var actAs: String?

    @Flag(help: "Print JSON instead of a human-readable view.")
    var json = false

    /// Options given after the verb win over those given before it.
    func merged(_ outer: Global) -> Global {
        var out = self
        out.socket = socket ?? outer.socket
        out.actAs = actAs ?? outer.actAs
        out.json = json || outer.json
        return out
    }

    var client: ControlClient {
        ControlClient(socketPath: socket ?? ControlClient.defaultSocket, actAs: actAs)
    }

    /// Runs a request, prints its answer, and turns failures into the documented exit codes.
    func perform<T: Encodable>(_ call: (ControlClient) throws -> T, human: (T) -> String) throws {
        do {
            let value = try call(client)
            if json {
                let data = try WireJSON.encoder(pretty: true).encode(value)
                print(String(decoding: data, as: UTF8.self))
            } else {
                let text = human(value)
                if !text.isEmpty { print(text) }
            }
        } catch let error as ClientError {
            switch error {
            case .unreachable:
                fail(error.description, code: .internalError, exit: 69)
            case .api(_, let code, let message):
                fail(message, code: code, exit: code.exitCode)
            case .protocolError:
                fail(error.description, code: .internalError, exit: 1)
            }
        }
    }

    func fail(_ message: String, code: ErrorCode, exit: Int32) -> Never {
        if json, let data = try? WireJSON.encoder(pretty: true).encode(ErrorEnvelope(code: code, message: message)) {
            print(String(decoding: data, as: UTF8.self))
        }
        FileHandle.standardError.write(Data("flowctl: \(message)\n".utf8))
        Foundation.exit(exit)
    }
}

/// Options of every mutating verb.
struct Mutation: ParsableArguments {
    @Option(help: "Refuse if the draft is no longer at this revision.")
    var revision: Int?

    @Option(name: [.short, .customLong("message")], help: "Why: recorded in the draft's history.")
    var message: String?
}

/// Where a body comes from: --body, --body-file (- for standard input), or piped standard input.
struct BodySource: ParsableArguments {
    @Option(help: "Body text.")
    var body: String?

    @Option(help: ArgumentHelp("Read the body from a file; - reads standard input.", valueName: "path"))
    var bodyFile: String?

    func validate() throws {
        if body != nil && bodyFile != nil { throw ValidationError("give --body or --body-file, not both") }
    }

    func read() throws -> String? {
        if let body { return body }
        if let bodyFile {
            let data: Data
            if bodyFile == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: bodyFile) else {
                    throw ValidationError("cannot read --body-file \(bodyFile)")
                }
                data = contents
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                throw ValidationError("the body is not valid UTF-8")
            }
            return text
        }
        // Read standard input only when something was piped or redirected from a file, never from a terminal.
        var info = stat()
        guard fstat(0, &info) == 0 else { return nil }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFIFO || kind == S_IFREG else { return nil }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ValidationError("the body on standard input is not valid UTF-8")
        }
        return text.isEmpty ? nil : text
    }
}

func parseTime(_ text: String) throws -> Date {
    guard let date = WireJSON.parseDate(text) else {
        throw ValidationError("\(text) is not an ISO-8601 time like 2026-05-01T09:30:00Z or 2026-05-01T11:30:00+02:00")
    }
    return date
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Create a draft.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Option(help: "Client id.") var client: String
    @Option(help: "Title.") var title: String
    @Option(help: "A channel (linkedin, instagram, x, ...); repeat for several.") var channel: [String] = []
    @Option(help: "Lane: normal, urgent or crisis.") var lane: String = "normal"
    @Option(help: "When to publish (ISO-8601).") var publishAt: String?
    @Option(help: "A label; repeat for several.") var label: [String] = []
    @Option(name: [.short, .customLong("message")], help: "A note for the history.") var message: String?
    @OptionGroup var bodySource: BodySource

    func validate() throws {
        if Lane(rawValue: lane) == nil { throw ValidationError("lane must be normal, urgent or crisis") }
        if let publishAt { _ = try parseTime(publishAt) }
    }

    func run() throws {
        let request = CreateRequest(
            client: client, title: title, body: try bodySource.read(), channels: channel, lane: Lane(rawValue: lane),
            publishAt: try publishAt.map(parseTime), labels: label, message: message)
        try global.perform({ try $0.post("/v1/drafts", request, as: DraftView.self) }, human: Render.created)
    }
}

/// Shared shape of the verbs that only move a draft along.
protocol Transition: ParsableCommand {
    var global: Global { get }
    var mutation: Mutation { get }
    var id: Int64 { get }
    static var action: String { get }
}

extension Transition {
    func run() throws {
        let request = ActionRequest(revision: mutation.revision, message: mutation.message)
        try global.perform(
            { try $0.post("/v1/drafts/\(id)/\(Self.action)", request, as: DraftView.self) }, human: Render.moved)
    }
}

struct Submit: Transition {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Send a draft to review.")
    static let action = "submit"
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64
}

struct Approve: Transition {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve the revision under review.")
    static let action = "approve"
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64
}

struct Withdraw: Transition {
    static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Withdraw a draft for good.")
    static let action = "withdraw"
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64
}

struct RequestChanges: Transition {
    static let configuration = CommandConfiguration(
        commandName: "request-changes", abstract: "Send a draft back to its author; -m gives the reason.")
    static let action = "request-changes"
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64

    func validate() throws {
        if (mutation.message ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("request-changes needs a reason: -m \"...\"")
        }
    }
}

struct Comment: Transition {
    static let configuration = CommandConfiguration(
        commandName: "comment", abstract: "Comment on a draft; never changes its state.")
    static let action = "comment"
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64

    func validate() throws {
        if (mutation.message ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("comment needs a text: -m \"...\"")
        }
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

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Record that an approved draft went live; refuses if the content is not what was approved.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64
    @Option(help: "Where it was published.") var url: String?
    @Option(help: "The publishing tool's id for the post.") var externalId: String?
    @Option(name: .customLong("hash"), help: "Content hash that was published; must equal the approved one.")
    var contentHash: String?

    func run() throws {
        let request = ActionRequest(
            revision: mutation.revision, message: mutation.message, url: url, externalId: externalId,
            contentHash: contentHash)
        try global.perform(
            { try $0.post("/v1/drafts/\(id)/publish", request, as: DraftView.self) }, human: Render.moved)
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List drafts, newest first.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Option(help: "Only drafts in this state.") var state: String?
    @Option(help: "Only drafts of this client.") var client: String?
    @Option(help: "At most this many (1-1000).") var limit: Int = 50
    @Option(help: "Only drafts with ids below this (paging).") var before: Int64?
    @Flag(help: "Only drafts past their current deadline, most overdue first.") var overdue = false

    func validate() throws {
        if let state, DraftState(rawValue: state) == nil {
            throw ValidationError("state must be one of \(DraftState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if !(1...1000).contains(limit) { throw ValidationError("--limit must be from 1 to 1000") }
    }

    func run() throws {
        var query: [String] = ["limit=\(limit)"]
        if let state { query.append("state=\(state)") }
        if let client {
            query.append("client=\(client.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? client)")
        }
        if let before { query.append("before=\(before)") }
        if overdue { query.append("overdue=true") }
        try global.perform(
            { try $0.get("/v1/drafts?" + query.joined(separator: "&"), as: DraftList.self) }, human: Render.list)
    }
}

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

    func run() throws {
        try global.perform({ try $0.get("/v1/drafts/\(id)/events", as: EventList.self) }, human: Render.log)
    }
}

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

/// Percent-encodes a query value (ISO times carry `+` and `:`).
func queryValue(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
}

/// Reads `--by`: `HH:MM` (the next such local time) or a full ISO-8601 time.
func parseDeadline(_ text: String, now: Date = Date()) throws -> Date {
    if let time = TimeOfDay(text) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.current
        let start = calendar.startOfDay(for: now)
        var date = calendar.date(byAdding: .minute, value: time.minutes, to: start) ?? now
        if date <= now { date = calendar.date(byAdding: .day, value: 1, to: date) ?? date }
        return date
    }
    return try parseTime(text)
}

struct Acknowledge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Tell the author you have seen a draft and will decide by a time; escalation waits until then.",
        aliases: ["acknowledge"])
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64
    @Option(help: "Decide by this time: HH:MM (local, next occurrence) or ISO-8601.") var by: String?
    @Option(name: .customLong("for"), help: "Decide within this long, e.g. 2h or 30m.") var within: String?

    func validate() throws {
        guard (by == nil) != (within == nil) else { throw ValidationError("give --by TIME or --for DURATION") }
        if let by { _ = try parseDeadline(by) }
        if let within, TimeSpan(within) == nil { throw ValidationError("--for \(within) is not a duration like 2h") }
    }

    func run() throws {
        let until =
            try by.map { try parseDeadline($0) }
            ?? Date().addingTimeInterval(TimeSpan(within ?? "0s")?.timeInterval ?? 0)
        let request = ActionRequest(revision: mutation.revision, message: mutation.message, until: until)
        try global.perform(
            { try $0.post("/v1/drafts/\(id)/acknowledge", request, as: DraftView.self) }, human: Render.moved)
    }
}

struct Agenda: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "Upcoming deadlines and escalation steps across drafts, soonest first, with whose move it is.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Option(help: "How far ahead to look, e.g. 4h or 2d.") var within: String = "24h"

    func validate() throws {
        if TimeSpan(within) == nil { throw ValidationError("--within \(within) is not a duration like 24h") }
    }

    func run() throws {
        try global.perform(
            { try $0.get("/v1/agenda?within=\(queryValue(within))", as: AgendaView.self) }, human: Render.agenda)
    }
}

struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Inspect escalation policies.", subcommands: [Explain.self])

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "Print the timeline a draft submitted at a time would follow, without creating anything.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Option(help: "Client id.") var client: String
        @Option(help: "Lane: normal, urgent or crisis.") var lane: String = "normal"
        @Option(help: "Submission time (ISO-8601; default now).") var from: String?

        func validate() throws {
            if Lane(rawValue: lane) == nil { throw ValidationError("lane must be normal, urgent or crisis") }
            if let from { _ = try parseTime(from) }
        }

        func run() throws {
            var query = "client=\(queryValue(client))&lane=\(lane)"
            if let from { query += "&from=\(queryValue(from))" }
            try global.perform(
                { try $0.get("/v1/policy/explain?" + query, as: PolicyExplanation.self) }, human: Render.explain)
        }
    }
}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the live database to PATH (needs role admin).",
        discussion: """
            The daemon writes the copy (SQLite VACUUM INTO) as its own user while it keeps serving; PATH must not
            exist. Restore: stop flowd, replace the database file with the copy (and remove any -wal and -shm
            files next to it), start flowd.
            """)
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Argument(help: "Where to write the copy.") var path: String

    func run() throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        try global.perform(
            { try $0.post("/v1/backup", BackupRequest(path: absolute), as: BackupView.self) },
            human: { "backup written to \($0.path) (\($0.bytes) bytes in \(String(format: "%.2f", $0.seconds))s)" })
    }
}

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
