public import FlowCore
import Foundation
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

/// The whole validated configuration.
public struct DaemonConfig: Sendable, Equatable {
    public var path: String
    public var socket: String
    public var database: String
    public var maxBodyBytes: Int
    public var logLevel: String
    public var users: [UserEntry]
    public var rules: Rules

    public func user(named name: String) -> User? { users.first { $0.user.name == name }?.user }
    public func user(uid: UInt32) -> User? { users.first { $0.uid == uid }?.user }
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
        let config = reader.read(root, path: path, baseDirectory: baseDirectory)
        guard reader.issues.isEmpty, let config else {
            throw ConfigError(path: path, issues: reader.issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
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

    init(lines: LineIndex) { self.lines = lines }

    mutating func issue(_ path: String, _ message: String) {
        issues.append(ConfigIssue(line: lines.line(path), message: message))
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

    mutating func read(_ root: TOMLTable, path configPath: String, baseDirectory: String) -> DaemonConfig? {
        checkKeys(root, "", allowed: ["daemon", "users", "clients", "lanes"])
        func resolve(_ path: String) -> String {
            path.hasPrefix("/")
                ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardized.path
        }
        var socket = "/run/flowd/flowd.sock"
        var database = "/var/lib/flowd/flowd.db"
        var maxBody = 1024 * 1024
        var logLevel = "notice"
        if let value = root["daemon"] {
            if let daemon = value.table {
                checkKeys(daemon, "daemon", allowed: ["socket", "database", "max_body_bytes", "log_level"])
                if let s = string(daemon, "socket", "daemon") { socket = resolve(s) }
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
        for (index, table) in tables(root, "users").enumerated() {
            let path = "users[\(index)]"
            checkKeys(table, path, allowed: ["name", "side", "roles", "unix_user", "uid", "email", "slack_id"])
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
            users.append(
                UserEntry(
                    user: User(name: name, side: side, roles: roles), uid: uid, email: string(table, "email", path),
                    slackID: string(table, "slack_id", path)))
        }

        var clients: [String: Client] = [:]
        for (index, table) in tables(root, "clients").enumerated() {
            let path = "clients[\(index)]"
            checkKeys(table, path, allowed: ["id", "name", "approvers", "backup_approvers"])
            guard let id = string(table, "id", path, required: true) else { continue }
            if !Workflow.isIdentifier(id) {
                issue("\(path).id", "client id \(quoted(id)) must be lower-case letters, digits, - _ or .")
            }
            if clients[id] != nil { issue("\(path).id", "client \(quoted(id)) is defined twice") }
            let approvers = strings(table, "approvers", path) ?? []
            let backups = strings(table, "backup_approvers", path) ?? []
            for (key, names) in [("approvers", approvers), ("backup_approvers", backups)] {
                for name in names {
                    guard let entry = users.first(where: { $0.user.name == name }) else {
                        issue("\(path).\(key)", "\(path).\(key) names unknown user \(quoted(name))")
                        continue
                    }
                    if !entry.user.has(.approver) {
                        issue("\(path).\(key)", "\(path).\(key) names \(quoted(name)), who lacks role approver")
                    }
                }
            }
            clients[id] = Client(
                id: id, name: string(table, "name", path) ?? id, approvers: approvers, backupApprovers: backups)
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
                    let path = "lanes.\(key)"
                    checkKeys(laneTable, path, allowed: ["required_approvals"])
                    var policy = LanePolicy()
                    if let required = int(laneTable, "required_approvals", path, range: 1...10) {
                        policy.requiredApprovals = required
                    }
                    lanes[lane] = policy
                }
            } else {
                issue("lanes", "lanes must be a table")
            }
        }

        return DaemonConfig(
            path: configPath, socket: socket, database: database, maxBodyBytes: maxBody, logLevel: logLevel,
            users: users, rules: Rules(clients: clients, lanes: lanes))
    }
}
