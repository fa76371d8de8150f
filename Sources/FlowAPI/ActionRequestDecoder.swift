public import Foundation

extension ActionRequest: WireDecodable {
    /// Every transition's body: read without JSONDecoder, which was a visible part of flowd's CPU under load
    /// (docs/benchmarks.md, "What shaped the request path"), and when it is flat JSON, without JSONSerialization too. A null
    /// reads as absent; a repeated key as its last value; an unknown key is refused (see `WireDecodable`).
    public init(jsonData: Data) throws(WireDecodingError) {
        var request = ActionRequest()
        try FlatJSONReader.members(of: jsonData) { (key, value) throws(WireDecodingError) in
            try request.take(key, value)
        }
        self = request
    }

    /// Sets the field `key` names; a null leaves it absent. `value` is nil for what the flat values do not hold
    /// (a fraction, an object, a list of other things), each the wrong type for every field.
    private mutating func take(_ key: String, _ value: FlatJSONReader.Value?) throws(WireDecodingError) {
        switch (key, value) {
        case ("revision", .integer(let int)?): revision = int
        case ("message", .string(let text)?): message = text
        case ("title", .string(let text)?): title = text
        case ("body", .string(let text)?): body = text
        case ("url", .string(let text)?): url = text
        case ("external_id", .string(let text)?): externalId = text
        case ("content_hash", .string(let text)?): contentHash = text
        case ("channels", .strings(let list)?): channels = list
        case ("publish_at", .string(let text)?), ("until", .string(let text)?):
            guard let date = WireJSON.parseDate(text) else {
                throw .wrongType(key, expected: "an ISO-8601 time like 2026-05-01T09:30:00Z")
            }
            if key == "until" { until = date } else { publishAt = date }
        // Only a real JSON boolean: Foundation would also turn the number 1 into true.
        case ("clear_publish_at", .bool(let flag)?): clearPublishAt = flag
        case ("revision", _), ("message", _), ("title", _), ("body", _), ("url", _), ("external_id", _),
            ("content_hash", _), ("channels", _), ("publish_at", _), ("until", _), ("clear_publish_at", _):
            guard value == .null else { throw .wrongType(key, expected: Self.expected(key)) }
        default:
            throw .unknown(key)
        }
    }

    private static func expected(_ key: String) -> String {
        switch key {
        case "revision": "an integer"
        case "channels": "a list of strings"
        case "clear_publish_at": "a boolean"
        default: "a string"
        }
    }
}
