public import FlowCore
public import Foundation
import TOMLKit

#if canImport(Glibc)
    import Glibc
#endif

/// A user entry of config.toml: the domain user plus how to recognise them on the socket.
public struct UserEntry: Sendable, Equatable {
    public var user: User
    public var uid: UInt32?
    public var email: String?
    public var slackID: String?
}

/// One sender of inbound webhooks.
public struct WebhookSource: Sendable, Equatable {
    public var name: String
    public var scheme: SignatureScheme
    public var secrets: [WebhookSecret]
    /// The flowd user a request acts as when it names no actor.
    public var actor: String?
    /// The sender's own user ids mapped to flowd users.
    public var actors: [String: String]
    public var actions: Set<Action>
}

/// The inbound webhook listener; nil `listen` means off.
public struct WebhookConfig: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var maxBodyBytes: Int
    public var requestTimeout: TimeSpan
    public var sources: [String: WebhookSource]
}

/// Where one `[[notify]]` sink sends, how, and how persistently.
public struct SinkConfig: Sendable, Equatable {
    /// An HTTP POST to a URL, or a program that reads the payload on standard input (argv, no shell unless the
    /// config gave a single string).
    public enum Target: Sendable, Equatable {
        case url(String)
        case command([String])
    }

    public var route: SinkRoute
    public var target: Target
    /// Signs with Standard Webhooks headers; required for `json` URL sinks.
    public var secret: WebhookSecret?
    public var timeout: TimeInterval
    public var policy: DeliveryPolicy

    public var name: String { route.name }
}

/// The whole validated configuration.
public struct DaemonConfig: Sendable, Equatable {
    public var path: String
    public var socket: String
    /// The group the control socket is given (its members may use flowctl); nil keeps flowd's own group.
    public var socketGroup: UInt32? = nil
    public var database: String
    public var maxBodyBytes: Int
    public var logLevel: String
    public var users: [UserEntry]
    public var directory: Directory
    public var webhooks: WebhookConfig?
    public var sinks: [SinkConfig] = []
    /// Problems that do not stop flowd (check-config prints them; the daemon logs them at start and reload).
    public var warnings: [ConfigIssue] = []

    /// What the store needs to write a transition's notifications into the outbox.
    public var outboxPlanner: OutboxPlanner {
        var contacts: [String: Contact] = [:]
        for entry in users {
            contacts[entry.user.name] = Contact(side: entry.user.side, email: entry.email, slackID: entry.slackID)
        }
        return OutboxPlanner(routes: sinks.map(\.route), contacts: contacts, directory: directory)
    }

    public func user(slackID: String) -> User? { users.first { $0.slackID == slackID }?.user }

    public func user(named name: String) -> User? { users.first { $0.user.name == name }?.user }
    public func user(uid: UInt32) -> User? { users.first { $0.uid == uid }?.user }
}

/// Inputs that make toml++ (inside TOMLKit 0.6.0) abort on an assertion instead of reporting a syntax error:
/// a table header whose name does not start right after `[`, and `}` as the first thing in an array. Found by
/// fuzzing; refused here first, so a bad file given to check-config or SIGHUP is an error, not a crash.
enum TOMLHazards {
    static func find(in text: String) -> ConfigIssue? {
        let b = Array(text.utf8)
        let n = b.count
        var i = 0
        var line = 1
        var open: [UInt8] = []  // the brackets and braces of the values being read
        var atLineStart = true
        func byte(_ c: Character) -> UInt8 { c.asciiValue! }
        func isKeyStart(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == byte("_")
                || c == byte("-") || c == byte("\"") || c == byte("'")
        }
        /// The next byte that is not whitespace, a newline or a comment, from `j`.
        func nextSignificant(_ start: Int) -> UInt8? {
            var j = start
            while j < n {
                if b[j] == byte("#") {
                    while j < n && b[j] != byte("\n") { j += 1 }
                } else if [byte(" "), byte("\t"), byte("\r"), byte("\n")].contains(b[j]) {
                    j += 1
                } else {
                    return b[j]
                }
            }
            return nil
        }
        while i < n {
            let c = b[i]
            if c == byte("\n") {
                line += 1
                atLineStart = true
                i += 1
                continue
            }
            if c == byte(" ") || c == byte("\t") || c == byte("\r") {
                i += 1
                continue
            }
            if c == byte("#") {
                while i < n && b[i] != byte("\n") { i += 1 }
                continue
            }
            atLineStart = atLineStart && c == byte("[")
            if c == byte("\"") || c == byte("'") {
                // Skip the string, triple-quoted or not, counting the lines it spans.
                let triple = i + 2 < n && b[i + 1] == c && b[i + 2] == c
                var j = i + (triple ? 3 : 1)
                while j < n {
                    if c == byte("\"") && b[j] == byte("\\") {
                        j += 2
                        continue
                    }
                    if b[j] == byte("\n") { line += 1 }
                    if b[j] == c && (!triple || (j + 2 < n && b[j + 1] == c && b[j + 2] == c)) {
                        j += triple ? 3 : 1
                        break
                    }
                    if b[j] == byte("\n") && !triple { break }
                    j += 1
                }
                i = j
                atLineStart = false
                continue
            }
            if c == byte("[") && atLineStart && open.isEmpty {
                var j = i + 1
                if j < n && b[j] == byte("[") { j += 1 }
                while j < n && (b[j] == byte(" ") || b[j] == byte("\t")) { j += 1 }
                guard j < n, isKeyStart(b[j]) else {
                    return ConfigIssue(line: line, message: "syntax: a table header needs a name after '['")
                }
                i = j
                atLineStart = false
                continue
            }
            atLineStart = false
            // Where an array expects a value, toml++ asserts that no '}' comes.
            if c == byte("[") || (c == byte(",") && open.last == byte("[")) {
                if nextSignificant(i + 1) == byte("}") {
                    return ConfigIssue(line: line, message: "syntax: '}' where an array expects a value")
                }
            }
            if c == byte("[") || c == byte("{") {
                open.append(c)
            } else if c == byte("]") || c == byte("}") {
                _ = open.popLast()
            }
            i += 1
        }
        return nil
    }
}

/// One problem in a config file, with the line it is on where that is known.
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// Every problem found in a config file; loading stops at none of them, so all are reported at once.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var issues: [ConfigIssue]

    public var description: String { issues.map { "\(path): \($0)" }.joined(separator: "\n") }
}

/// Reads and validates config.toml.
public enum ConfigLoader {
    public static func load(path: String) throws(ConfigError) -> DaemonConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, issues: [ConfigIssue(line: nil, message: "cannot read the file")])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ConfigError(path: path, issues: [ConfigIssue(line: nil, message: "the file is not valid UTF-8")])
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(text, path: path, baseDirectory: base)
    }

    public static func parse(_ text: String, path: String, baseDirectory: String) throws(ConfigError) -> DaemonConfig {
        if let hazard = TOMLHazards.find(in: text) { throw ConfigError(path: path, issues: [hazard]) }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                path: path,
                issues: [ConfigIssue(line: error.source.begin.line, message: "syntax: \(error.description)")])
        } catch {
            throw ConfigError(path: path, issues: [ConfigIssue(line: nil, message: "syntax: \(error)")])
        }
        var reader = Reader(lines: LineIndex(text))
        let read = reader.read(root, path: path, baseDirectory: baseDirectory)
        guard reader.issues.isEmpty, var config = read else {
            throw ConfigError(path: path, issues: reader.issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        config.warnings = reader.warnings.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        return config
    }
}

/// Maps key paths like `users[1].side` to the line they are written on, since TOMLKit keeps no positions.
struct LineIndex {
    private(set) var lines: [String: Int] = [:]

    init(_ text: String) {
        var table = ""
        var arrayCounts: [String: Int] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[[") {
                let name = line.dropFirst(2).prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                let index = arrayCounts[name, default: 0]
                arrayCounts[name] = index + 1
                table = "\(name)[\(index)]"
                lines[table] = number
            } else if line.hasPrefix("[") {
                table = line.dropFirst().prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                // `[clients.hours]` after `[[clients]]` belongs to the latest clients entry.
                let parts = table.split(separator: ".").map(String.init)
                for length in stride(from: parts.count - 1, through: 1, by: -1) {
                    let prefix = parts[0..<length].joined(separator: ".")
                    if let count = arrayCounts[prefix] {
                        table = "\(prefix)[\(count - 1)]." + parts[length...].joined(separator: ".")
                        break
                    }
                }
                lines[table] = number
            } else if let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "")
                let full = table.isEmpty ? key : "\(table).\(key)"
                if lines[full] == nil { lines[full] = number }
            }
        }
    }

    /// The line of a key path, or of the nearest enclosing table.
    func line(_ path: String) -> Int? {
        var path = path
        while true {
            if let line = lines[path] { return line }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            path = String(path[..<cut])
        }
    }
}

private struct Reader {
    let lines: LineIndex
    var issues: [ConfigIssue] = []
    var warnings: [ConfigIssue] = []

    init(lines: LineIndex) { self.lines = lines }

    mutating func issue(_ path: String, _ message: String) {
        issues.append(ConfigIssue(line: lines.line(path), message: message))
    }

    mutating func warning(_ path: String, _ message: String) {
        warnings.append(ConfigIssue(line: lines.line(path), message: message))
    }

    mutating func checkKeys(_ table: TOMLTable, _ path: String, allowed: Set<String>) {
        for key in table.keys where !allowed.contains(key) {
            let name = path.isEmpty ? key : "\(path).\(key)"
            issue(name, "unknown key \(quoted(name)); known here: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    mutating func string(_ table: TOMLTable, _ key: String, _ path: String, required: Bool = false) -> String? {
        guard let value = table[key] else {
            if required { issue(path, "\(path): missing required key \(quoted(key))") }
            return nil
        }
        guard let string = value.string else {
            issue("\(path).\(key)", "\(path).\(key) must be a string, not \(value.type)")
            return nil
        }
        return string
    }

    mutating func int(_ table: TOMLTable, _ key: String, _ path: String, range: ClosedRange<Int>) -> Int? {
        guard let value = table[key] else { return nil }
        guard let int = value.int else {
            issue("\(path).\(key)", "\(path).\(key) must be an integer, not \(value.type)")
            return nil
        }
        guard range.contains(int) else {
            issue("\(path).\(key)", "\(path).\(key) must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return int
    }

    mutating func strings(_ table: TOMLTable, _ key: String, _ path: String) -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else {
            issue("\(path).\(key)", "\(path).\(key) must be an array of strings, not \(value.type)")
            return nil
        }
        var out: [String] = []
        for element in array {
            guard let string = element.string else {
                issue("\(path).\(key)", "\(path).\(key) must hold strings only, found \(element.type)")
                return nil
            }
            out.append(string)
        }
        return out
    }

    mutating func tables(_ root: TOMLTable, _ key: String) -> [TOMLTable] {
        guard let value = root[key] else { return [] }
        guard let array = value.array else {
            issue(key, "\(key) must be an array of tables ([[\(key)]])")
            return []
        }
        var out: [TOMLTable] = []
        for (index, element) in array.enumerated() {
            guard let table = element.table else {
                issue("\(key)[\(index)]", "\(key) entries must be tables")
                continue
            }
            out.append(table)
        }
        return out
    }

    mutating func span(_ table: TOMLTable, _ key: String, _ path: String) -> TimeSpan? {
        guard let text = string(table, key, path) else { return nil }
        guard let span = TimeSpan(text) else {
            issue("\(path).\(key)", "\(path).\(key): \(quoted(text)) is not a duration like 15m, 4h, 2d or 1h30m")
            return nil
        }
        return span
    }

    /// A duration that may be shorter than a second: `250ms`, or anything `span` takes.
    mutating func seconds(_ table: TOMLTable, _ key: String, _ path: String, range: ClosedRange<Double>) -> Double? {
        guard let text = string(table, key, path) else { return nil }
        var value: Double?
        if text.hasSuffix("ms"), let millis = Int(text.dropLast(2)), millis >= 0 {
            value = Double(millis) / 1000
        } else if let span = TimeSpan(text) {
            value = span.timeInterval
        }
        guard let value, range.contains(value) else {
            issue(
                "\(path).\(key)",
                "\(path).\(key): \(quoted(text)) is not a duration between \(range.lowerBound)s and \(range.upperBound)s"
                    + " like 500ms, 10s or 1h")
            return nil
        }
        return value
    }

    mutating func policy(_ table: TOMLTable, _ path: String, base: LanePolicy, groups: [String: [String]]) -> LanePolicy
    {
        checkKeys(
            table, path,
            allowed: [
                "required_approvals", "review_sla", "rework_sla", "publish_grace", "clock", "max_acknowledge",
                "auto_approve", "ladder",
            ])
        var policy = base
        if let required = int(table, "required_approvals", path, range: 1...10) { policy.requiredApprovals = required }
        if let sla = span(table, "review_sla", path) { policy.reviewSLA = sla }
        if let sla = span(table, "rework_sla", path) { policy.reworkSLA = sla }
        if let grace = span(table, "publish_grace", path) { policy.publishGrace = grace }
        if let bound = span(table, "max_acknowledge", path) { policy.maxAcknowledge = bound }
        if let raw = string(table, "clock", path) {
            if let clock = ClockKind(rawValue: raw) {
                policy.clock = clock
            } else {
                issue("\(path).clock", "\(path).clock must be \"business\" or \"always\", not \(quoted(raw))")
            }
        }
        if let value = table["auto_approve"] {
            if let allowed = value.bool {
                policy.allowAutoApprove = allowed
            } else {
                issue("\(path).auto_approve", "\(path).auto_approve must be true or false")
            }
        }
        if let value = table["ladder"] {
            guard let array = value.array else {
                issue("\(path).ladder", "\(path).ladder must be an array of { after, action, ... } tables")
                return policy
            }
            var steps: [LadderStep] = []
            for (index, element) in array.enumerated() {
                let stepPath = "\(path).ladder"
                let label = "\(path).ladder[\(index + 1)]"
                guard let stepTable = element.table else {
                    issue(stepPath, "\(label) must be a table like { after = \"2h\", action = \"remind\" }")
                    continue
                }
                for key in stepTable.keys where !["after", "action", "to", "every", "max"].contains(key) {
                    issue(stepPath, "\(label): unknown key \(quoted(key)); known: after, action, to, every, max")
                }
                guard let afterText = stepTable["after"]?.string, let after = TimeSpan(afterText) else {
                    issue(stepPath, "\(label): after must be a duration like 2h")
                    continue
                }
                guard let actionText = stepTable["action"]?.string, let action = StepAction(rawValue: actionText) else {
                    let names = StepAction.allCases.map(\.rawValue).joined(separator: ", ")
                    issue(stepPath, "\(label): action must be one of \(names)")
                    continue
                }
                var step = LadderStep(after: after, action: action)
                if let to = stepTable["to"]?.string {
                    guard action == .escalate else {
                        issue(stepPath, "\(label): to applies to escalate only")
                        continue
                    }
                    guard to == "backup_approvers" || to == "all" || groups[to] != nil else {
                        issue(
                            stepPath,
                            "\(label): escalate to \(quoted(to)): not backup_approvers, all, or a [groups] name")
                        continue
                    }
                    step.to = to
                } else if action == .escalate {
                    step.to = "backup_approvers"
                }
                if let everyText = stepTable["every"]?.string {
                    guard action == .remind, let every = TimeSpan(everyText), every.seconds > 0 else {
                        issue(stepPath, "\(label): every must be a positive duration, on remind steps only")
                        continue
                    }
                    step.every = every
                }
                if let maxValue = stepTable["max"] {
                    guard action == .remind, let max = maxValue.int, max >= 1 else {
                        issue(stepPath, "\(label): max must be a positive integer, on remind steps only")
                        continue
                    }
                    step.max = max
                }
                if let previous = steps.last, step.after < previous.after {
                    issue(
                        stepPath,
                        "\(label): steps must be in order of after (\(step.after) comes before \(previous.after))")
                }
                steps.append(step)
            }
            policy.ladder = steps
        }
        if !policy.allowAutoApprove, let step = policy.ladder.first(where: { $0.action == .autoApprove }) {
            issue(
                "\(path).ladder",
                "\(path): \(step.rule) needs auto_approve = true in this lane (silence is consent only where agreed)")
        }
        return policy
    }

    mutating func businessHours(_ table: TOMLTable, _ path: String, zone: TimeZone) -> BusinessHours {
        checkKeys(table, path, allowed: ["days", "start", "end", "holidays"])
        var hours = BusinessHours(timeZone: zone)
        if let days = strings(table, "days", path) {
            var set: Set<Int> = []
            for day in days {
                if let index = BusinessHours.dayNames.firstIndex(of: day.lowercased()) {
                    set.insert(index + 1)
                } else {
                    issue("\(path).days", "unknown day \(quoted(day)); use mon, tue, wed, thu, fri, sat, sun")
                }
            }
            hours.days = set
        }
        for key in ["start", "end"] {
            guard let text = string(table, key, path) else { continue }
            guard let time = TimeOfDay(text) else {
                issue("\(path).\(key)", "\(path).\(key): \(quoted(text)) is not a time like 09:00")
                continue
            }
            if key == "start" { hours.start = time } else { hours.end = time }
        }
        if hours.start >= hours.end {
            issue("\(path).end", "\(path): end (\(hours.end)) must be after start (\(hours.start))")
        }
        for day in strings(table, "holidays", path) ?? [] {
            let parts = day.split(separator: "-").compactMap { Int($0) }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let valid =
                parts.count == 3 && day.count == 10
                && calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])).map {
                    calendar.component(.day, from: $0) == parts[2]
                } == true
            if valid {
                hours.holidays.insert(day)
            } else {
                issue("\(path).holidays", "holiday \(quoted(day)) is not a date like 2026-12-24")
            }
        }
        return hours
    }

    mutating func webhookConfig(_ table: TOMLTable, users: [UserEntry], resolve: (String) -> String) -> WebhookConfig? {
        checkKeys(table, "webhooks", allowed: ["listen", "max_body_bytes", "request_timeout", "sources"])
        var config = WebhookConfig(
            host: "127.0.0.1", port: 8787, maxBodyBytes: 64 * 1024, requestTimeout: TimeSpan(seconds: 10), sources: [:])
        if let max = int(table, "max_body_bytes", "webhooks", range: 1024...(16 * 1024 * 1024)) {
            config.maxBodyBytes = max
        }
        if let timeout = span(table, "request_timeout", "webhooks") { config.requestTimeout = timeout }
        for (index, source) in tables(table, "sources").enumerated() {
            let path = "webhooks.sources[\(index)]"
            checkKeys(
                source, path,
                allowed: ["name", "scheme", "secrets", "secret_files", "credentials", "actor", "actors", "actions"])
            guard let name = string(source, "name", path, required: true) else { continue }
            if !Workflow.isIdentifier(name) {
                issue("\(path).name", "source name \(quoted(name)) must be a plain name")
            }
            if config.sources[name] != nil { issue("\(path).name", "webhook source \(quoted(name)) is defined twice") }
            var scheme = SignatureScheme.standard
            if let raw = string(source, "scheme", path, required: true) {
                if let parsed = SignatureScheme(rawValue: raw) {
                    scheme = parsed
                } else {
                    issue("\(path).scheme", "\(path).scheme must be standard, github or slack")
                }
            }
            let secrets = self.secrets(
                inline: strings(source, "secrets", path) ?? [], files: strings(source, "secret_files", path) ?? [],
                credentials: strings(source, "credentials", path) ?? [], path: path, resolve: resolve)
            if secrets.isEmpty {
                issue(path, "webhook source \(quoted(name)) has no secret (secrets, secret_files or credentials)")
            }
            let known = Set(users.map(\.user.name))
            let actor = string(source, "actor", path)
            if let actor, !known.contains(actor) {
                issue("\(path).actor", "\(path).actor names unknown user \(quoted(actor))")
            }
            var actors: [String: String] = [:]
            if let value = source["actors"] {
                if let mapping = value.table {
                    for key in mapping.keys {
                        guard let user = mapping[key]?.string, known.contains(user) else {
                            issue("\(path).actors", "\(path).actors maps \(quoted(key)) to an unknown user")
                            continue
                        }
                        actors[key] = user
                    }
                } else {
                    issue("\(path).actors", "\(path).actors must be a table of sender id = flowd user")
                }
            }
            var actions: Set<Action> = []
            for raw in strings(source, "actions", path) ?? [] {
                if let action = Action(rawValue: raw), action != .create {
                    actions.insert(action)
                } else {
                    issue("\(path).actions", "unknown action \(quoted(raw)) in \(path).actions")
                }
            }
            if actions.isEmpty { issue(path, "webhook source \(quoted(name)) allows no actions") }
            if actor == nil && actors.isEmpty && scheme != .slack {
                issue(path, "webhook source \(quoted(name)) needs actor (or actors) to act as")
            }
            config.sources[name] = WebhookSource(
                name: name, scheme: scheme, secrets: secrets, actor: actor, actors: actors, actions: actions)
        }
        guard let listen = string(table, "listen", "webhooks") else { return nil }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (1...65535).contains(port)
        else {
            issue("webhooks.listen", "webhooks.listen must be HOST:PORT, like 127.0.0.1:8787")
            return nil
        }
        config.host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        config.port = port
        return config
    }

    /// Secrets given inline, in files, or as systemd credentials. They never appear in messages: a bad one is
    /// named by its position or file only.
    mutating func secrets(
        inline: [String], files: [String], credentials: [String], path: String, resolve: (String) -> String
    ) -> [WebhookSecret] {
        var secrets: [WebhookSecret] = []
        for (position, text) in inline.enumerated() {
            if let secret = WebhookSecret(text) {
                secrets.append(secret)
            } else {
                issue("\(path).secrets", "\(path) secret \(position + 1) is empty or not valid whsec_ base64")
            }
        }
        for file in files {
            if let secret = readSecretFile(resolve(file), path: "\(path).secret_files") { secrets.append(secret) }
        }
        for credential in credentials {
            guard let directory = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty
            else {
                issue(
                    "\(path).credentials", "\(path) credentials need $CREDENTIALS_DIRECTORY (systemd LoadCredential=)")
                continue
            }
            guard Workflow.isIdentifier(credential) else {
                issue("\(path).credentials", "credential name \(quoted(credential)) must be a plain name")
                continue
            }
            if let secret = readSecretFile(directory + "/" + credential, path: "\(path).credentials", checkMode: false)
            {
                secrets.append(secret)
            }
        }
        return secrets
    }

    mutating func sinks(_ root: TOMLTable, users: [UserEntry], clients: Set<String>, resolve: (String) -> String)
        -> [SinkConfig]
    {
        var sinks: [SinkConfig] = []
        var names: Set<String> = []
        for (index, table) in tables(root, "notify").enumerated() {
            let path = "notify[\(index)]"
            checkKeys(
                table, path,
                allowed: [
                    "name", "url", "command", "format", "events", "clients", "secret", "secret_file", "credential",
                    "timeout", "max_attempts", "max_age", "backoff", "max_backoff",
                ])
            guard let name = string(table, "name", path, required: true) else { continue }
            if !Workflow.isIdentifier(name) { issue("\(path).name", "sink name \(quoted(name)) must be a plain name") }
            if !names.insert(name).inserted { issue("\(path).name", "notify sink \(quoted(name)) is defined twice") }
            var format = SinkFormat.json
            if let raw = string(table, "format", path) {
                if let parsed = SinkFormat(rawValue: raw) {
                    format = parsed
                } else {
                    issue("\(path).format", "\(path).format must be json or slack, not \(quoted(raw))")
                }
            }
            var target: SinkConfig.Target?
            let url = string(table, "url", path)
            if let url {
                let lower = url.lowercased()
                if (lower.hasPrefix("http://") || lower.hasPrefix("https://")) && URL(string: url)?.host != nil {
                    target = .url(url)
                } else {
                    issue("\(path).url", "\(path).url must be an http:// or https:// URL")
                }
            }
            if let value = table["command"] {
                if url != nil { issue("\(path).command", "\(path) sets both url and command; keep one") }
                if let line = value.string, !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    target = .command(["/bin/sh", "-c", line])
                } else if let argv = strings(table, "command", path), let program = argv.first, program.hasPrefix("/") {
                    target = .command(argv)
                } else {
                    issue(
                        "\(path).command",
                        "\(path).command must be a shell line, or an argument list whose first entry is an absolute path"
                    )
                }
            } else if url == nil {
                issue(path, "notify sink \(quoted(name)) needs url or command")
            }
            var types = Set(NotificationType.allCases)
            if let names = strings(table, "events", path) {
                types = []
                for raw in names {
                    if raw == "*" || raw == "all" {
                        types = Set(NotificationType.allCases)
                    } else if let type = NotificationType(name: raw) {
                        types.insert(type)
                    } else {
                        let known = NotificationType.allCases.map(\.rawValue).joined(separator: ", ")
                        issue("\(path).events", "unknown event \(quoted(raw)) in \(path).events; events are \(known)")
                    }
                }
            }
            var covered: Set<String>?
            if let names = strings(table, "clients", path) {
                for client in names where !clients.contains(client) {
                    issue("\(path).clients", "\(path).clients names unknown client \(quoted(client))")
                }
                covered = Set(names)
            }
            let secrets = self.secrets(
                inline: string(table, "secret", path).map { [$0] } ?? [],
                files: string(table, "secret_file", path).map { [$0] } ?? [],
                credentials: string(table, "credential", path).map { [$0] } ?? [], path: path, resolve: resolve)
            if secrets.count > 1 { issue(path, "\(path) sets more than one of secret, secret_file and credential") }
            if format == .json, case .url = target, secrets.isEmpty {
                issue(path, "json sink \(quoted(name)) needs a signing secret (secret, secret_file or credential)")
            }
            var policy = DeliveryPolicy()
            if let attempts = int(table, "max_attempts", path, range: 1...100) { policy.maxAttempts = attempts }
            if let age = span(table, "max_age", path) { policy.maxAge = age }
            if let base = seconds(table, "backoff", path, range: 0.001...86_400) { policy.baseDelay = base }
            if let cap = seconds(table, "max_backoff", path, range: 0.001...604_800) { policy.maxDelay = cap }
            let timeout = seconds(table, "timeout", path, range: 0.05...600) ?? 10
            guard let target else { continue }
            sinks.append(
                SinkConfig(
                    route: SinkRoute(name: name, format: format, types: types, clients: covered), target: target,
                    secret: secrets.first, timeout: timeout, policy: policy))
        }
        return sinks
    }

    /// A secret from a file: refused when group or world may read it, and never echoed.
    mutating func readSecretFile(_ file: String, path: String, checkMode: Bool = true) -> WebhookSecret? {
        var info = stat()
        guard stat(file, &info) == 0, let data = FileManager.default.contents(atPath: file) else {
            issue(path, "cannot read secret file \(file)")
            return nil
        }
        if checkMode && info.st_mode & 0o077 != 0 {
            issue(path, "secret file \(file) is readable by group or others; chmod 600 it")
            return nil
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let secret = WebhookSecret(text) else {
            issue(path, "secret file \(file) is empty or not valid whsec_ base64")
            return nil
        }
        return secret
    }

    mutating func read(_ root: TOMLTable, path configPath: String, baseDirectory: String) -> DaemonConfig? {
        checkKeys(root, "", allowed: ["daemon", "users", "clients", "lanes", "groups", "webhooks", "notify"])
        func resolve(_ path: String) -> String {
            path.hasPrefix("/")
                ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardized.path
        }
        var socket = "/run/flowd/flowd.sock"
        var socketGroup: UInt32?
        var database = "/var/lib/flowd/flowd.db"
        var maxBody = 1024 * 1024
        var logLevel = "notice"
        if let value = root["daemon"] {
            if let daemon = value.table {
                checkKeys(
                    daemon, "daemon", allowed: ["socket", "socket_group", "database", "max_body_bytes", "log_level"])
                if let s = string(daemon, "socket", "daemon") { socket = resolve(s) }
                if let name = string(daemon, "socket_group", "daemon") {
                    if let entry = getgrnam(name) {
                        socketGroup = entry.pointee.gr_gid
                    } else if let number = UInt32(name) {
                        socketGroup = number
                    } else {
                        issue("daemon.socket_group", "group \(quoted(name)) does not exist on this machine")
                    }
                }
                if let d = string(daemon, "database", "daemon") { database = resolve(d) }
                if let m = int(daemon, "max_body_bytes", "daemon", range: 1024...(64 * 1024 * 1024)) { maxBody = m }
                if let level = string(daemon, "log_level", "daemon") {
                    let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
                    if levels.contains(level) {
                        logLevel = level
                    } else {
                        issue("daemon.log_level", "daemon.log_level must be one of \(levels.joined(separator: ", "))")
                    }
                }
            } else {
                issue("daemon", "daemon must be a table ([daemon])")
            }
        }

        var users: [UserEntry] = []
        var uids: [UInt32: String] = [:]
        var userClients: [(path: String, names: [String])] = []
        for (index, table) in tables(root, "users").enumerated() {
            let path = "users[\(index)]"
            checkKeys(
                table, path, allowed: ["name", "side", "roles", "unix_user", "uid", "email", "slack_id", "clients"])
            guard let name = string(table, "name", path, required: true) else { continue }
            if !Workflow.isIdentifier(name) {
                issue("\(path).name", "user name \(quoted(name)) must be lower-case letters, digits, - _ or .")
            }
            if users.contains(where: { $0.user.name == name }) {
                issue("\(path).name", "user \(quoted(name)) is defined twice")
            }
            var side = Side.agency
            if let raw = string(table, "side", path, required: true) {
                if let parsed = Side(rawValue: raw) {
                    side = parsed
                } else {
                    issue("\(path).side", "\(path).side must be \"agency\" or \"company\", not \(quoted(raw))")
                }
            }
            var roles: Set<Role> = []
            for raw in strings(table, "roles", path) ?? [] {
                if let role = Role(rawValue: raw) {
                    roles.insert(role)
                } else {
                    issue(
                        "\(path).roles",
                        "unknown role \(quoted(raw)); roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
            }
            var uid: UInt32?
            if table["uid"] != nil, let number = int(table, "uid", path, range: 0...Int(UInt32.max - 1)) {
                uid = UInt32(number)
            }
            if let unixUser = string(table, "unix_user", path) {
                if uid != nil {
                    issue("\(path).unix_user", "\(path) sets both uid and unix_user; keep one")
                } else if unixUser == "@self" {
                    uid = getuid()
                } else if let entry = getpwnam(unixUser) {
                    uid = entry.pointee.pw_uid
                } else {
                    issue("\(path).unix_user", "unix user \(quoted(unixUser)) does not exist on this machine")
                }
            }
            if let uid {
                if let other = uids[uid] {
                    issue("\(path)", "users \(quoted(other)) and \(quoted(name)) map to the same uid \(uid)")
                }
                uids[uid] = name
            }
            var narrowed: Set<String>?
            if let names = strings(table, "clients", path) {
                if side == .company {
                    issue(
                        "\(path).clients",
                        "\(path).clients: company-side users belong to the clients that list them "
                            + "(approvers, backup_approvers, members); clients = [...] narrows agency users only")
                } else {
                    narrowed = Set(names)
                    userClients.append((path, names))
                }
            }
            users.append(
                UserEntry(
                    user: User(name: name, side: side, roles: roles, clients: narrowed), uid: uid,
                    email: string(table, "email", path), slackID: string(table, "slack_id", path)))
        }

        var groups: [String: [String]] = [:]
        if let value = root["groups"] {
            if let table = value.table {
                for name in table.keys {
                    let path = "groups.\(name)"
                    if ["all", "backup_approvers"].contains(name) || !Workflow.isIdentifier(name) {
                        issue(path, "group name \(quoted(name)) is reserved or not a plain name")
                    }
                    let members = strings(table, name, "groups") ?? []
                    for member in members where !users.contains(where: { $0.user.name == member }) {
                        issue(path, "group \(quoted(name)) names unknown user \(quoted(member))")
                    }
                    groups[name] = members
                }
            } else {
                issue("groups", "groups must be a table of name = [users]")
            }
        }

        var lanes: [Lane: LanePolicy] = [:]
        if let value = root["lanes"] {
            if let table = value.table {
                for key in table.keys {
                    guard let lane = Lane(rawValue: key) else {
                        issue(
                            "lanes.\(key)",
                            "unknown lane \(quoted(key)); lanes are \(Lane.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                        continue
                    }
                    guard let laneTable = table[key]?.table else {
                        issue("lanes.\(key)", "lanes.\(key) must be a table")
                        continue
                    }
                    lanes[lane] = policy(
                        laneTable, "lanes.\(key)", base: LanePolicy.defaults(for: lane), groups: groups)
                }
            } else {
                issue("lanes", "lanes must be a table")
            }
        }

        var clients: [String: Client] = [:]
        for (index, table) in tables(root, "clients").enumerated() {
            let path = "clients[\(index)]"
            checkKeys(
                table, path,
                allowed: ["id", "name", "approvers", "backup_approvers", "members", "timezone", "hours", "lanes"])
            guard let id = string(table, "id", path, required: true) else { continue }
            if !Workflow.isIdentifier(id) {
                issue("\(path).id", "client id \(quoted(id)) must be lower-case letters, digits, - _ or .")
            }
            if clients[id] != nil { issue("\(path).id", "client \(quoted(id)) is defined twice") }
            let approvers = strings(table, "approvers", path) ?? []
            let backups = strings(table, "backup_approvers", path) ?? []
            let members = strings(table, "members", path) ?? []
            for (key, names) in [("approvers", approvers), ("backup_approvers", backups), ("members", members)] {
                for name in names {
                    guard let entry = users.first(where: { $0.user.name == name }) else {
                        issue("\(path).\(key)", "\(path).\(key) names unknown user \(quoted(name))")
                        continue
                    }
                    if key != "members", !entry.user.has(.approver) {
                        issue("\(path).\(key)", "\(path).\(key) names \(quoted(name)), who lacks role approver")
                    }
                    if key == "members", entry.user.side == .agency {
                        issue(
                            "\(path).members",
                            "\(path).members names \(quoted(name)), who is on the agency side: members are company "
                                + "people; narrow an agency user with clients = [...] in [[users]]")
                    }
                }
            }
            var hours: BusinessHours?
            var zone: TimeZone?
            if let name = string(table, "timezone", path) {
                zone = TimeZone(identifier: name)
                if zone == nil {
                    issue("\(path).timezone", "unknown timezone \(quoted(name)); use an IANA name like Europe/Berlin")
                }
            }
            if let value = table["hours"] {
                if let hoursTable = value.table {
                    hours = businessHours(hoursTable, "\(path).hours", zone: zone ?? TimeZone(identifier: "UTC")!)
                } else {
                    issue("\(path).hours", "\(path).hours must be a table")
                }
            } else if let zone {
                hours = BusinessHours(timeZone: zone)
            }
            var overrides: [Lane: LanePolicy] = [:]
            if let value = table["lanes"] {
                if let lanesTable = value.table {
                    for key in lanesTable.keys {
                        let lanePath = "\(path).lanes.\(key)"
                        guard let lane = Lane(rawValue: key), let laneTable = lanesTable[key]?.table else {
                            issue(lanePath, "unknown lane \(quoted(key)) or not a table")
                            continue
                        }
                        overrides[lane] = policy(
                            laneTable, lanePath, base: lanes[lane] ?? LanePolicy.defaults(for: lane), groups: groups)
                    }
                } else {
                    issue("\(path).lanes", "\(path).lanes must be a table")
                }
            }
            clients[id] = Client(
                id: id, name: string(table, "name", path) ?? id, approvers: approvers, backupApprovers: backups,
                members: members, hours: hours, lanes: overrides)
        }

        var webhooks: WebhookConfig?
        if let value = root["webhooks"] {
            if let table = value.table {
                webhooks = webhookConfig(table, users: users, resolve: resolve)
            } else {
                issue("webhooks", "webhooks must be a table")
            }
        }

        // Client scope needs every company user in some client, and every narrowing to name real clients.
        for (index, entry) in users.enumerated() where entry.user.side == .company {
            if !clients.values.contains(where: { $0.people.contains(entry.user.name) }) {
                warning(
                    "users[\(index)].name",
                    "company-side user \(quoted(entry.user.name)) belongs to no client, so sees no draft: list them "
                        + "in a client's approvers, backup_approvers or members")
            }
        }
        for (path, names) in userClients {
            for name in names where clients[name] == nil {
                issue("\(path).clients", "\(path).clients names unknown client \(quoted(name))")
            }
        }

        let sinks = sinks(root, users: users, clients: Set(clients.keys), resolve: resolve)
        return DaemonConfig(
            path: configPath, socket: socket, socketGroup: socketGroup, database: database, maxBodyBytes: maxBody,
            logLevel: logLevel,
            users: users,
            directory: Directory(clients: clients, lanes: lanes, users: users.map(\.user), groups: groups),
            webhooks: webhooks, sinks: sinks)
    }
}
