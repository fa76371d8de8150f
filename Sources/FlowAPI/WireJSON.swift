import FlowCore
public import Foundation

/// The JSON conventions of the wire: snake_case keys, ISO-8601 dates with fractional seconds.
public enum WireJSON {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatDate(date))
        }
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "\(quoted(text)) is not an ISO-8601 time like 2026-05-01T09:30:00Z"
                )
            }
            return date
        }
        return decoder
    }

    /// Whole milliseconds, as stored (`isoUTC`; Foundation's formatter truncates, so a stored .171 could print as
    /// .170 and a `--since` built from it would include the event it meant to start after).
    public static func formatDate(_ date: Date) -> String { isoUTC(date) }

    /// Accepts ISO-8601 with or without fractional seconds and with `Z` or an offset.
    public static func parseDate(_ text: String) -> Date? {
        if let date = parseISOUTC(text) { return date }
        // Foundation's parsers roll a day that does not exist (2026-02-30) over into the next month.
        guard startsWithRealDate(text) else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(
            text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

extension WireJSON {
    /// `value`, decoded by JSONDecoder from `data`, when every key of `data`'s top-level object names one of its
    /// stored properties; otherwise the unknown key is refused, as `WireDecodable`'s requests refuse one. JSONDecoder
    /// alone ignores unknown keys, so a misspelt field would pass unread. Keys are matched as `decoder()` matches
    /// them (snake_case to the property's camelCase name); nested objects are not looked into.
    public static func refusingUnknownKeys<T>(_ value: T, in data: Data) throws -> T {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return value }
        let known = Set(Mirror(reflecting: value).children.compactMap(\.label))
        if let unknown = object.keys.sorted().first(where: { !known.contains(camelCase($0)) }) {
            throw WireDecodingError.unknown(unknown)
        }
        return value
    }

    /// `convertFromSnakeCase`'s rule: each word after an underscore capitalized, the underscores dropped.
    static func camelCase(_ key: String) -> String {
        guard key.contains("_") else { return key }
        let words = key.split(separator: "_")
        guard let first = words.first else { return key }
        return String(first)
            + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined()
    }
}
