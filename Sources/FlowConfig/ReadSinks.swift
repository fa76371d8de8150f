import FlowCore
import Foundation
import TOMLKit

extension Reader {
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
                    "name", "url", "url_file", "url_credential", "command", "format", "events", "clients", "secret",
                    "secret_file", "credential",
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
            let target = sinkTarget(table, path, name: name, format: format, resolve: resolve)
            let types = sinkTypes(table, path)
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

    /// Where a sink delivers: a URL (inline, from a file or from a credential) or a command.
    private mutating func sinkTarget(
        _ table: TOMLTable, _ path: String, name: String, format: SinkFormat, resolve: (String) -> String
    ) -> SinkConfig.Target? {
        var target: SinkConfig.Target?
        // A Slack incoming-webhook URL is itself a secret: it may come from a file or a credential instead.
        let inlineURL = string(table, "url", path)
        let fileURL = string(table, "url_file", path).flatMap {
            secretText(file: resolve($0), path: "\(path).url_file")
        }
        let credentialURL = string(table, "url_credential", path).flatMap {
            secretText(credential: $0, path: "\(path).url_credential")
        }
        let urls = [inlineURL, fileURL, credentialURL].compactMap { $0 }
        if urls.count > 1 { issue(path, "\(path) sets more than one of url, url_file and url_credential") }
        if inlineURL != nil && format == .slack { inlineSecrets.append("\(path).url") }
        let url = urls.first
        if let url {
            let lower = url.lowercased()
            if (lower.hasPrefix("http://") || lower.hasPrefix("https://")) && URL(string: url)?.host != nil {
                target = .url(url)
            } else {
                // The URL itself is never echoed: from a file or credential it is a secret.
                issue("\(path).url", "\(path).url must be an http:// or https:// URL")
            }
        }
        if let value = table["command"] {
            if url != nil { issue("\(path).command", "\(path) sets both url and command; keep one") }
            if let line = value.string, !line.trimmingCharacters(in: .whitespaces).isEmpty {
                target = .command(["/bin/sh", "-c", line])
            } else if let argv = strings(table, "command", path), let program = argv.first, program.hasPrefix("/") {
                target = .command(argv)
            } else if let argv = strings(table, "command", path), let program = argv.first,
                Self.isProgramName(program), let directory = host.programDirectory
            {
                // A bare name is one of flowd's own programs, beside it: never a search of PATH.
                target = .command([directory + "/" + program] + argv.dropFirst())
            } else {
                issue(
                    "\(path).command",
                    "\(path).command must be a shell line, or an argument list whose first entry is an absolute path "
                        + "or the name of a program beside flowd (flowd-mail)")
            }
        } else if url == nil {
            issue(path, "notify sink \(quoted(name)) needs url or command")
        }
        return target
    }

    static func isProgramName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && !name.hasPrefix(".") && !name.hasPrefix("-")
            && name.utf8.allSatisfy { isalnum(Int32($0)) != 0 || "._-".utf8.contains($0) }
    }

    /// The notification types a sink wants: all of them unless `events` names some.
    private mutating func sinkTypes(_ table: TOMLTable, _ path: String) -> Set<NotificationType> {
        var types = Set(NotificationType.allCases)
        if let names = strings(table, "events", path) {
            types = []
            for raw in names {
                if raw == "*" || raw == "all" {
                    types = Set(NotificationType.allCases)
                } else if case let named = NotificationType.named(raw), !named.isEmpty {
                    types.formUnion(named)
                } else {
                    var known: [String] = []
                    for type in NotificationType.allCases where !known.contains(type.kindName) {
                        known.append(type.kindName)
                    }
                    issue(
                        "\(path).events",
                        "unknown event \(quoted(raw)) in \(path).events; events are "
                            + known.joined(separator: ", ")
                            + " (or a type as receivers see it: approved, changes_requested, …)")
                }
            }
        }
        return types
    }
}
