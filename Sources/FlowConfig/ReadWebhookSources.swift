import FlowCore
import Foundation
import TOMLKit

/// One `[[webhooks.sources]]` entry: who may call, how it signs, whom it acts as and what it may do.
extension Reader {
    /// The source, or nil when it has no name; `defined` are the sources read before it.
    mutating func webhookSource(
        _ source: TOMLTable, _ path: String, known: Set<String>, defined: [String: WebhookSource],
        resolve: (String) -> String
    ) -> WebhookSource? {
        checkKeys(
            source, path,
            allowed: [
                "name", "scheme", "secrets", "secret_files", "credentials", "actor", "actors", "actions",
                "response_url_prefix", "media_from",
            ])
        guard let name = string(source, "name", path, required: true) else { return nil }
        if !Workflow.isIdentifier(name) {
            issue("\(path).name", "source name \(quoted(name)) must be a plain name")
        }
        if defined[name] != nil { issue("\(path).name", "webhook source \(quoted(name)) is defined twice") }
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
        let actor = string(source, "actor", path)
        if let actor, !known.contains(actor) {
            issue("\(path).actor", "\(path).actor names unknown user \(quoted(actor))")
        }
        let actors = sourceActors(source, path, known: known)
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
        var entry = WebhookSource(
            name: name, scheme: scheme, secrets: secrets, actor: actor, actors: actors, actions: actions)
        if let prefix = string(source, "response_url_prefix", path) {
            responseURLPrefix(prefix, path, of: &entry)
        }
        entry.mediaFrom = mediaFrom(source, path)
        return entry
    }

    /// `actors = { "U123" = "ana" }`: the sender's own user ids mapped to flowd users.
    private mutating func sourceActors(_ source: TOMLTable, _ path: String, known: Set<String>) -> [String: String] {
        var actors: [String: String] = [:]
        guard let value = source["actors"] else { return actors }
        guard let mapping = value.table else {
            issue("\(path).actors", "\(path).actors must be a table of sender id = flowd user")
            return actors
        }
        for key in mapping.keys {
            guard let user = mapping[key]?.string, known.contains(user) else {
                issue("\(path).actors", "\(path).actors maps \(quoted(key)) to an unknown user")
                continue
            }
            actors[key] = user
        }
        return actors
    }

    /// `media_from`: the address prefixes under which a webhook of this source may name a medium to fetch.
    private mutating func mediaFrom(_ source: TOMLTable, _ path: String) -> [MediaURL] {
        var prefixes: [MediaURL] = []
        for (index, raw) in (strings(source, "media_from", path) ?? []).enumerated() {
            let key = "\(path).media_from[\(index)]"
            do {
                let prefix = try MediaURL(parsing: raw)
                if !prefix.path.hasSuffix("/") || prefix.query != nil {
                    issue(
                        "\(path).media_from",
                        "\(key) must end in / and have no query, like https://cdn.example.com/assets/")
                } else {
                    prefixes.append(prefix)
                }
            } catch {
                issue("\(path).media_from", "\(key) \(quoted(raw)) \(error.reason)")
            }
        }
        if prefixes.count > 64 { issue("\(path).media_from", "\(path).media_from lists more than 64 prefixes") }
        return prefixes
    }

    /// A Slack source's `response_url_prefix`: where its replies may go.
    private mutating func responseURLPrefix(_ prefix: String, _ path: String, of entry: inout WebhookSource) {
        let lower = prefix.lowercased()
        if entry.scheme != .slack {
            issue("\(path).response_url_prefix", "\(path).response_url_prefix applies to slack sources only")
        } else if (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && prefix.hasSuffix("/")
            && URL(string: prefix)?.host != nil
        {
            entry.responseURLPrefix = prefix
        } else {
            issue(
                "\(path).response_url_prefix",
                "\(path).response_url_prefix must be a URL ending in /, like https://hooks.slack.com/")
        }
    }
}
