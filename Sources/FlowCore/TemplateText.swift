import Foundation

/// Text with named, typed placeholders, as a pre-approved template holds it:
///
///     We are aware of a problem with {{service:text:40}}. Next update at {{eta:time}}: {{url:url:status.acme.com}}
///
/// Types: `text` with an optional maximum of characters (default 280, one line), `url` with the hosts it may point
/// to (`|`-separated; subdomains of a listed host count, https only), and `time` (`HH:MM`). A name may appear
/// more than once with the same type and takes one value. Parsing and filling run in time linear in the text and
/// the values, and every problem is a `Refusal` that names the placeholder.
public struct TemplateText: Sendable, Equatable {
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        case text(maxCharacters: Int)
        case url(hosts: [String])
        case time

        public var description: String {
            switch self {
            case .text(let max): "text up to \(max) characters"
            case .url(let hosts): "an https URL on " + hosts.joined(separator: " or ")
            case .time: "a time like 14:30"
            }
        }
    }

    public struct Placeholder: Sendable, Equatable {
        public var name: String
        public var kind: Kind
    }

    enum Piece: Sendable, Equatable {
        case literal(String)
        case slot(String)
    }

    /// In order of first appearance, each name once.
    public let placeholders: [Placeholder]
    let pieces: [Piece]

    public static let maxPlaceholders = 20
    public static let defaultTextLimit = 280
    public static let maxTextLimit = 5_000
    public static let maxValueBytes = 4_096

    public init(parsing text: String) throws(Refusal) {
        var pieces: [Piece] = []
        var placeholders: [Placeholder] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.literal(String(rest[..<open.lowerBound]))) }
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else {
                throw Refusal(.invalidRequest, "a placeholder opened with {{ is never closed with }}")
            }
            let placeholder = try Self.placeholder(String(after[..<close.lowerBound]))
            if let known = placeholders.first(where: { $0.name == placeholder.name }) {
                guard known.kind == placeholder.kind else {
                    throw Refusal(
                        .invalidRequest,
                        "placeholder \(placeholder.name) is \(known.kind) in one place and \(placeholder.kind) in another"
                    )
                }
            } else {
                placeholders.append(placeholder)
                guard placeholders.count <= Self.maxPlaceholders else {
                    throw Refusal(.invalidRequest, "a template has at most \(Self.maxPlaceholders) placeholders")
                }
            }
            pieces.append(.slot(placeholder.name))
            rest = after[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        self.pieces = pieces
        self.placeholders = placeholders
    }

    /// `name:type[:limit]` between the braces.
    static func placeholder(_ spec: String) throws(Refusal) -> Placeholder {
        let parts = spec.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        guard !name.isEmpty, name.utf8.count <= 32, let first = name.utf8.first, (0x61...0x7a).contains(first),
            name.utf8.allSatisfy({ (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5f })
        else {
            throw Refusal(
                .invalidRequest,
                "placeholder name \(quoted(String(name.prefix(40)))) must start with a-z and use a-z, 0-9 and _ (at most 32)"
            )
        }
        guard parts.count >= 2 else {
            throw Refusal(
                .invalidRequest,
                "placeholder \(name) needs a type: {{\(name):text}}, {{\(name):url:HOST}} or {{\(name):time}}")
        }
        let limit = parts.count == 3 ? parts[2] : nil
        switch parts[1] {
        case "text":
            guard let limit else { return Placeholder(name: name, kind: .text(maxCharacters: Self.defaultTextLimit)) }
            guard let max = Int(limit), (1...Self.maxTextLimit).contains(max) else {
                throw Refusal(
                    .invalidRequest, "placeholder \(name): the text limit must be 1 to \(Self.maxTextLimit) characters")
            }
            return Placeholder(name: name, kind: .text(maxCharacters: max))
        case "url":
            let hosts = (limit ?? "").split(separator: "|").map { $0.lowercased() }
            guard !hosts.isEmpty, hosts.allSatisfy(Self.isHostName) else {
                throw Refusal(
                    .invalidRequest,
                    "placeholder \(name): a url names the hosts it may point to, like {{\(name):url:status.example.com}}"
                )
            }
            return Placeholder(name: name, kind: .url(hosts: hosts))
        case "time":
            guard limit == nil else { throw Refusal(.invalidRequest, "placeholder \(name): a time takes no limit") }
            return Placeholder(name: name, kind: .time)
        default:
            throw Refusal(
                .invalidRequest,
                "placeholder \(name) has unknown type \(quoted(String(parts[1].prefix(40)))); types are text, url and time"
            )
        }
    }

    static func isHostName(_ host: String) -> Bool {
        !host.isEmpty && host.utf8.count <= 253 && !host.hasPrefix(".") && !host.hasSuffix(".")
            && !host.contains("..")
            && host.utf8.allSatisfy {
                (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2e || $0 == 0x2d
            }
    }

    /// The text with every placeholder replaced by its checked value.
    public func fill(_ values: [String: String]) throws(Refusal) -> String {
        try Self.check(values, against: placeholders)
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let text): out += text
            case .slot(let name): out += values[name] ?? ""
            }
        }
        return out
    }

    /// Every placeholder has a value that fits it, and no value is for a placeholder that does not exist.
    public static func check(_ values: [String: String], against placeholders: [Placeholder]) throws(Refusal) {
        for name in values.keys.sorted() where !placeholders.contains(where: { $0.name == name }) {
            let known = placeholders.map(\.name).joined(separator: ", ")
            throw Refusal(
                .invalidRequest,
                "the template has no placeholder \(quoted(String(name.prefix(40))))"
                    + (known.isEmpty ? "" : "; it has \(known)"))
        }
        for placeholder in placeholders {
            guard let value = values[placeholder.name] else {
                throw Refusal(.invalidRequest, "missing --set \(placeholder.name)=… (\(placeholder.kind))")
            }
            try check(value, placeholder)
        }
    }

    static func check(_ value: String, _ placeholder: Placeholder) throws(Refusal) {
        let name = placeholder.name
        guard value.utf8.count <= maxValueBytes else {
            throw Refusal(.invalidRequest, "\(name) is longer than \(maxValueBytes) bytes")
        }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw Refusal(.invalidRequest, "\(name) must be one line without control characters")
        }
        switch placeholder.kind {
        case .text(let max):
            guard !value.isEmpty, value.count <= max else {
                throw Refusal(.invalidRequest, "\(name) must be 1 to \(max) characters, not \(value.count)")
            }
        case .time:
            guard value.utf8.count == 5, let time = TimeOfDay(value), time.minutes < 24 * 60 else {
                throw Refusal(
                    .invalidRequest, "\(name) must be a time like 14:30, not \(quoted(String(value.prefix(40))))")
            }
        case .url(let hosts):
            guard let host = urlHost(value), hosts.contains(where: { host == $0 || host.hasSuffix("." + $0) }) else {
                throw Refusal(
                    .invalidRequest,
                    "\(name) must be an https URL on \(hosts.joined(separator: " or ")), not \(quoted(String(value.prefix(80))))"
                )
            }
        }
    }

    /// The lower-cased host of `https://host/...` without user, port or odd characters; nil otherwise.
    static func urlHost(_ value: String) -> String? {
        let lower = value.lowercased()
        guard lower.hasPrefix("https://"), !value.contains(" ") else { return nil }
        let rest = lower.dropFirst("https://".count)
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let name = String(host)
        return isHostName(name) ? name : nil
    }
}
