import FlowCore
import Foundation
import TOMLKit

extension Reader {
    mutating func webhookConfig(_ table: TOMLTable, users: [UserEntry], resolve: (String) -> String)
        -> PublicServerConfig?
    {
        checkKeys(
            table, "webhooks",
            allowed: [
                "listen", "max_body_bytes", "request_timeout", "max_connections", "sources", "public_url",
                "link_max_age", "trusted_proxies",
            ])
        var config = PublicServerConfig(
            host: "127.0.0.1", port: 8787, maxBodyBytes: 64 * 1024, requestTimeout: TimeSpan(seconds: 10), sources: [:])
        if let max = int(table, "max_body_bytes", "webhooks", range: 1024...(16 * 1024 * 1024)) {
            config.maxBodyBytes = max
        }
        if let timeout = span(table, "request_timeout", "webhooks") { config.requestTimeout = timeout }
        if let max = int(table, "max_connections", "webhooks", range: 1...65_536) { config.maxConnections = max }
        if let url = string(table, "public_url", "webhooks") {
            let lower = url.lowercased()
            if (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && URL(string: url)?.host != nil
                && URL(string: url)?.query == nil
            {
                config.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
            } else {
                issue(
                    "webhooks.public_url",
                    "webhooks.public_url must be an https:// URL like https://flowd.example.com, without a query")
            }
        }
        if let entries = strings(table, "trusted_proxies", "webhooks") {
            config.trustedProxies = trustedProxies(entries)
        }
        if let age = span(table, "link_max_age", "webhooks") {
            if age.seconds > 0 {
                config.linkMaxAge = age
            } else {
                issue("webhooks.link_max_age", "webhooks.link_max_age must be longer than 0s")
            }
        }
        let known = Set(users.map(\.user.name))
        for (index, source) in tables(table, "sources").enumerated() {
            let path = "webhooks.sources[\(index)]"
            if let entry = webhookSource(source, path, known: known, defined: config.sources, resolve: resolve) {
                config.sources[entry.name] = entry
            }
        }
        guard let (host, port) = listenAddress(table, "webhooks", example: "127.0.0.1:8787") else { return nil }
        config.host = host
        config.port = port
        // Plain HTTP on loopback with an https address: a TLS proxy in front, whose clients all arrive from its
        // address unless it is trusted to name them; then 30 failures of one client would hold off every other.
        let proxied = config.publicURL?.lowercased().hasPrefix("https://") == true
        if proxied, ["127.0.0.1", "::1", "localhost"].contains(host), config.trustedProxies.ranges.isEmpty {
            warning(
                "webhooks.listen",
                "webhooks.listen is on loopback behind an https public_url, but trusted_proxies is empty: every "
                    + "client counts as the proxy's address for the failure limits; set trusted_proxies to the "
                    + "proxy's address (\"127.0.0.1\", \"::1\") and have it set X-Forwarded-For")
        }
        return config
    }

    /// `trusted_proxies = ["127.0.0.1", "::1", "10.0.0.0/8"]`: each entry an address or CIDR range.
    mutating func trustedProxies(_ entries: [String]) -> TrustedProxies {
        let path = "webhooks.trusted_proxies"
        var ranges: [TrustedProxies.Range] = []
        for entry in entries {
            switch TrustedProxies.range(entry) {
            case .success(let range):
                ranges.append(range)
                if range.coversEverything {
                    warning(
                        path,
                        "\(path) holds \(range), which trusts every peer of its family: any sender can then pick "
                            + "the address its failures count against; name your proxies' addresses instead")
                }
            case .failure(let problem):
                issue(path, "\(path): \(quoted(entry)) \(problem)")
            }
        }
        return TrustedProxies(ranges: ranges)
    }

    /// `listen = "HOST:PORT"` of a listener's table; nil (with an issue when it is malformed) when absent.
    mutating func listenAddress(_ table: TOMLTable, _ path: String, example: String) -> (String, Int)? {
        guard let listen = string(table, "listen", path) else { return nil }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (1...65535).contains(port)
        else {
            issue("\(path).listen", "\(path).listen must be HOST:PORT, like \(example)")
            return nil
        }
        return (String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port)
    }

    /// Secrets given inline, in files, or as systemd credentials. They never appear in messages: a bad one is
    /// named by its position or file only.
    mutating func secrets(
        inline: [String], files: [String], credentials: [String], path: String, resolve: (String) -> String
    ) -> [SigningSecret] {
        var secrets: [SigningSecret] = []
        if !inline.isEmpty { inlineSecrets.append(path) }
        for (position, text) in inline.enumerated() {
            if let secret = SigningSecret(text) {
                secrets.append(secret)
            } else {
                issue("\(path).secrets", "\(path) secret \(position + 1) is empty or not valid whsec_ base64")
            }
        }
        let texts =
            files.compactMap { secretText(file: resolve($0), path: "\(path).secret_files") }
            + credentials.compactMap { secretText(credential: $0, path: "\(path).credentials") }
        for text in texts {
            if let secret = SigningSecret(text) {
                secrets.append(secret)
            } else {
                issue(path, "a secret of \(path) (from a file or credential) is empty or not valid whsec_ base64")
            }
        }
        return secrets
    }

    /// A secret's text from a file: refused when group or world may read it, and never echoed.
    mutating func secretText(file: String, path: String) -> String? {
        guard let (data, mode) = host.read(file) else {
            issue(path, "cannot read secret file \(file)")
            return nil
        }
        if mode & 0o077 != 0 {
            issue(path, "secret file \(file) is readable by group or others; chmod 600 it")
            return nil
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A secret's text from a systemd credential (`LoadCredential=`), which systemd keeps private to the service.
    mutating func secretText(credential: String, path: String) -> String? {
        secretBytes(credential: credential, path: path).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// A credential's bytes, as they are (a key need not be text).
    mutating func secretBytes(credential: String, path: String) -> Data? {
        guard let directory = host.credentialsDirectory, !directory.isEmpty else {
            issue(path, "\(path) needs $CREDENTIALS_DIRECTORY (systemd LoadCredential=)")
            return nil
        }
        guard Workflow.isIdentifier(credential) else {
            issue(path, "credential name \(quoted(credential)) must be a plain name")
            return nil
        }
        guard let (data, _) = host.read(directory + "/" + credential) else {
            issue(path, "cannot read credential \(quoted(credential)) in $CREDENTIALS_DIRECTORY")
            return nil
        }
        return data
    }
}
