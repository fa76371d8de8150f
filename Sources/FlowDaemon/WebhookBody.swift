import FlowAPI
import Foundation

/// The generic JSON body of `standard` and `github` sources.
struct WebhookBody: Equatable {
    var draft: Int64
    var action: String
    var actor: String?
    var message: String?
    var url: String?
    var externalId: String?
    var revision: Int?
    var contentHash: String?
    var until: Date?
    /// An edit that attaches the file at this address (when the source's `media_from` allows it).
    var mediaUrl: String? = nil
    var alt: String? = nil
    var position: Int? = nil
}

extension WebhookBody {
    /// Every signed webhook's body, read by hand only: JSONDecoder was a visible part of flowd's CPU at one
    /// connection (docs/benchmarks.md, "What shaped the request path"). Its Codable form is the oracle of
    /// `WebhookBodyTests`. As every request, it refuses a key it does not have, naming it (`WireDecodable`);
    /// senders write the draft's id as a number or a string, both naming the same draft; a null reads as absent;
    /// a repeated key reads as its last value.
    init(jsonData: Data) throws(WireDecodingError) {
        var draft: Int64?
        var action: String?
        var command = WebhookBody(draft: 0, action: "")
        try FlatJSONReader.members(of: jsonData) { (key, value) throws(WireDecodingError) in
            switch (key, value) {
            case ("draft", .string(let text)?):
                guard let number = Int64(text) else { throw .wrongType(key, expected: "a draft id") }
                draft = number
            case ("draft", .integer(let number)?): draft = Int64(number)
            case ("action", .string(let text)?): action = text
            default: try command.take(key, value)
            }
        }
        guard let draft else { throw .missing("draft") }
        guard let action else { throw .missing("action") }
        command.draft = draft
        command.action = action
        self = command
    }

    /// Sets the optional field `key` names; a null leaves it absent.
    private mutating func take(_ key: String, _ value: FlatJSONReader.Value?) throws(WireDecodingError) {
        switch (key, value) {
        case ("revision", .integer(let number)?): revision = number
        case ("position", .integer(let number)?): position = number
        case ("media_url", .string(let text)?): mediaUrl = text
        case ("alt", .string(let text)?): alt = text
        case ("until", .string(let text)?):
            guard let date = WireJSON.parseDate(text) else {
                throw .wrongType(key, expected: "an ISO-8601 time like 2026-05-01T09:30:00Z")
            }
            until = date
        case ("actor", .string(let text)?): actor = text
        case ("message", .string(let text)?): message = text
        case ("url", .string(let text)?): url = text
        case ("external_id", .string(let text)?): externalId = text
        case ("content_hash", .string(let text)?): contentHash = text
        case ("draft", _), ("action", _), ("revision", _), ("until", _), ("actor", _), ("message", _), ("url", _),
            ("external_id", _), ("content_hash", _), ("media_url", _), ("alt", _), ("position", _):
            guard value == .null else {
                let expected =
                    key == "revision" || key == "position" ? "an integer" : key == "draft" ? "a draft id" : "a string"
                throw .wrongType(key, expected: expected)
            }
        default:
            throw .unknown(key)
        }
    }

    private init(draft: Int64, action: String) {
        self.draft = draft
        self.action = action
    }
}
