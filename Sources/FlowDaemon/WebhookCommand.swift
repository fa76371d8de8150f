import FlowAPI
import Foundation

/// The generic JSON body of `standard` and `github` sources.
struct WebhookCommand: Decodable, Equatable {
    var draft: Int64
    var action: String
    var actor: String?
    var message: String?
    var url: String?
    var externalId: String?
    var revision: Int?
    var contentHash: String?
    var until: Date?

    enum CodingKeys: String, CodingKey {
        case draft, action, actor, message, url, externalId, revision, contentHash, until
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Senders write ids as numbers or strings; both name the same draft.
        if let number = try? container.decode(Int64.self, forKey: .draft) {
            draft = number
        } else {
            let text = try container.decode(String.self, forKey: .draft)
            guard let number = Int64(text) else {
                throw DecodingError.dataCorruptedError(forKey: .draft, in: container, debugDescription: "not an id")
            }
            draft = number
        }
        action = try container.decode(String.self, forKey: .action)
        actor = try container.decodeIfPresent(String.self, forKey: .actor)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        externalId = try container.decodeIfPresent(String.self, forKey: .externalId)
        revision = try container.decodeIfPresent(Int.self, forKey: .revision)
        contentHash = try container.decodeIfPresent(String.self, forKey: .contentHash)
        until = try container.decodeIfPresent(Date.self, forKey: .until)
    }
}

extension WebhookCommand {
    /// Every signed webhook's body, read without JSONDecoder, which was 4 % of flowd's CPU at one connection
    /// (docs/benchmarks.md, "The request path, fourth round"). Only what JSONDecoder would read the same way is
    /// taken; anything else is nil, and the caller lets JSONDecoder decide, with its errors:
    /// - integers as `FastJSON.integer` takes them (exact, below 2^53, no booleans);
    /// - other keys only when `convertFromSnakeCase` could not turn them into one of ours (no `_`, no capital);
    /// - no nulls.
    /// Like `ActionRequest(jsonData:)`, a repeated key reads as its last value, where JSONDecoder takes the first.
    init?(jsonData: Data) {
        var draft: Int64?
        var action: String?
        var command = WebhookCommand(draft: 0, action: "")
        /// Sets the field `key` names; false for a value JSONDecoder might read otherwise.
        func take(_ key: String, _ value: FlatJSON.Value?) -> Bool {
            switch (key, value) {
            case ("draft", .string(let text)?):
                guard let number = Int64(text) else { return false }
                draft = number
            case ("draft", .integer(let number)?): draft = Int64(number)
            case ("revision", .integer(let number)?): command.revision = number
            case ("until", .string(let text)?):
                guard let date = WireJSON.parseDate(text) else { return false }
                command.until = date
            case ("action", .string(let text)?): action = text
            case ("actor", .string(let text)?): command.actor = text
            case ("message", .string(let text)?): command.message = text
            case ("url", .string(let text)?): command.url = text
            case ("external_id", .string(let text)?): command.externalId = text
            case ("content_hash", .string(let text)?): command.contentHash = text
            case ("draft", _), ("revision", _), ("until", _), ("action", _), ("actor", _), ("message", _), ("url", _),
                ("external_id", _), ("content_hash", _):
                return false
            default:
                return !key.utf8.contains(where: { $0 == UInt8(ascii: "_") || (65...90).contains($0) })
            }
            return true
        }
        guard FastJSON.members(of: jsonData, take), let draft, let action else { return nil }
        command.draft = draft
        command.action = action
        self = command
    }

    private init(draft: Int64, action: String) {
        self.draft = draft
        self.action = action
    }
}
