import FlowAPI
import Foundation
import Testing

@testable import FlowDaemon

/// The Codable form the webhook body's hand reader replaced, kept as its oracle: the same stored properties, and
/// JSONDecoder with the wire's conventions reads it.
struct WebhookBodyOracle: Decodable {
    var draft: Int64
    var action: String
    var actor: String?
    var message: String?
    var url: String?
    var externalId: String?
    var revision: Int?
    var contentHash: String?
    var until: Date?
    var mediaUrl: String?
    var alt: String?
    var position: Int?

    enum CodingKeys: String, CodingKey {
        case draft, action, actor, message, url, externalId, revision, contentHash, until, mediaUrl, alt, position
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
        mediaUrl = try container.decodeIfPresent(String.self, forKey: .mediaUrl)
        alt = try container.decodeIfPresent(String.self, forKey: .alt)
        position = try container.decodeIfPresent(Int.self, forKey: .position)
    }

    var command: WebhookBody {
        WebhookBody(
            draft: draft, action: action, actor: actor, message: message, url: url, externalId: externalId,
            revision: revision, contentHash: contentHash, until: until, mediaUrl: mediaUrl, alt: alt,
            position: position)
    }
}

/// The hand reader of webhook bodies against its oracle: whatever the hand reader takes, JSONDecoder reads the same;
/// a key no webhook has is refused by name.
@Suite struct WebhookBodyTests {
    @Test func theHandReaderAgreesWithTheOracle() throws {
        let texts = [
            #"{"draft": 12, "action": "approve", "revision": 3}"#,
            #"{"draft": "12", "action": "approve"}"#, #"{"draft": "x12", "action": "approve"}"#,
            #"{"draft": 12.0, "action": "approve"}"#, #"{"draft": 1e2, "action": "approve"}"#,
            #"{"draft": -0, "action": "approve"}"#, #"{"draft": 9007199254740993, "action": "approve"}"#,
            #"{"draft": 99999999999999999999, "action": "approve"}"#, #"{"draft": true, "action": "approve"}"#,
            #"{"draft": null, "action": "approve"}"#, #"{"action": "approve"}"#, #"{"draft": 1}"#,
            #"{"draft": 1, "action": null}"#, #"{"draft": 1, "action": 5}"#,
            #"{"draft": 1, "action": "a", "url": null}"#,
            #"{"draft": 1, "action": "publish", "url": "https://e.example/p", "external_id": "x1", "content_hash": "h"}"#,
            #"{"draft": 1, "action": "edit", "media_url": "https://cdn.example/a.jpg", "alt": "A", "position": 2}"#,
            #"{"draft": 1, "action": "edit", "media_url": 3}"#, #"{"draft": 1, "action": "edit", "position": "2"}"#,
            #"{"draft": 1, "action": "comment", "message": "ünï \"q\" \n ✓", "actor": "carl"}"#,
            #"{"draft": 1, "action": "acknowledge", "until": "2026-05-01T09:30:00Z"}"#,
            #"{"draft": 1, "action": "acknowledge", "until": "2026-05-01T09:30:00.250+02:00"}"#,
            #"{"draft": 1, "action": "acknowledge", "until": "tomorrow"}"#,
            #"{"draft": 1, "action": "approve", "revision": "3"}"#,
            #"{"draft": 1, "action": "approve", "revision": 1.5}"#,
            #"{"draft": 1, "action": "approve", "revision": false}"#,
            #"{"draft": 1, "action": "approve",}"#, #"{"draft": 1, "action": "approve"} x"#, "", "[]", "{}",
            "\u{FEFF}{\"draft\": 1, \"action\": \"approve\"}",
        ]
        var read = 0
        for text in texts {
            let data = Data(text.utf8)
            guard let command = try? WebhookBody(jsonData: data) else { continue }
            read += 1
            let oracle = try #require(
                try? WireJSON.decoder().decode(WebhookBodyOracle.self, from: data),
                "accepted what JSONDecoder refuses: \(text)")
            #expect(command == oracle.command, "\(text)")
        }
        #expect(read == 13)
        let full = try WebhookBody(
            jsonData: Data(
                #"{"draft": "7", "action": "publish", "url": "u", "external_id": "e", "content_hash": "h", "actor": "a"}"#
                    .utf8))
        #expect(full.url == "u" && full.externalId == "e" && full.contentHash == "h" && full.actor == "a")
        let labels = { (value: Any) in Mirror(reflecting: value).children.compactMap(\.label) }
        let oracle = try WireJSON.decoder().decode(
            WebhookBodyOracle.self, from: Data(#"{"draft":1,"action":"a"}"#.utf8))
        #expect(labels(full) == labels(oracle))
    }

    /// One rule for unknown keys, as for every request: refused by name (`invalid_request`), where they used to
    /// be ignored, or read under another spelling.
    @Test func anUnknownKeyIsRefusedByName() {
        for (text, key) in [
            (#"{"draft": 1, "action": "approve", "source": "ci", "nested": {"a": [1, 2]}}"#, "nested"),
            (#"{"draft": 1, "action": "approve", "externalId": "camel"}"#, "externalId"),
            (#"{"draft": 1, "action": "approve", "content_Hash": "odd"}"#, "content_Hash"),
            (#"{"draft": 1, "action": "approve", "Action": "withdraw"}"#, "Action"),
        ] {
            do {
                _ = try WebhookBody(jsonData: Data(text.utf8))
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.code == .invalidRequest, "\(text)")
                #expect(error.message.hasPrefix("unknown field"), "\(text)")
                if key != "nested" { #expect(error == .unknown(key), "\(text)") }
            }
        }
        #expect(throws: WireDecodingError.missing("action")) {
            try WebhookBody(jsonData: Data(#"{"draft": 1}"#.utf8))
        }
    }
}
