import FlowAPI
import Foundation
import Testing

@testable import FlowDaemon

/// The fast reader of webhook bodies against JSONDecoder, which stays the judge: whatever the fast reader takes,
/// JSONDecoder reads the same; whatever it leaves (nil), JSONDecoder decides.
@Suite struct WebhookCommandTests {
    @Test func theFastReaderAgreesWithJSONDecoder() throws {
        let texts = [
            #"{"draft": 12, "action": "approve", "revision": 3}"#,
            #"{"draft": "12", "action": "approve"}"#, #"{"draft": "x12", "action": "approve"}"#,
            #"{"draft": 12.0, "action": "approve"}"#, #"{"draft": 1e2, "action": "approve"}"#,
            #"{"draft": -0, "action": "approve"}"#, #"{"draft": 9007199254740993, "action": "approve"}"#,
            #"{"draft": 99999999999999999999, "action": "approve"}"#, #"{"draft": true, "action": "approve"}"#,
            #"{"draft": null, "action": "approve"}"#, #"{"action": "approve"}"#, #"{"draft": 1}"#,
            #"{"draft": 1, "action": null}"#, #"{"draft": 1, "action": 5}"#,
            #"{"draft": 1, "action": "publish", "url": "https://e.example/p", "external_id": "x1", "content_hash": "h"}"#,
            #"{"draft": 1, "action": "comment", "message": "ünï \"q\" \n ✓", "actor": "carl"}"#,
            #"{"draft": 1, "action": "acknowledge", "until": "2026-05-01T09:30:00Z"}"#,
            #"{"draft": 1, "action": "acknowledge", "until": "2026-05-01T09:30:00.250+02:00"}"#,
            #"{"draft": 1, "action": "acknowledge", "until": "tomorrow"}"#,
            #"{"draft": 1, "action": "approve", "revision": "3"}"#,
            #"{"draft": 1, "action": "approve", "revision": 1.5}"#,
            #"{"draft": 1, "action": "approve", "revision": false}"#,
            #"{"draft": 1, "action": "approve", "source": "ci", "nested": {"a": [1, 2]}}"#,
            #"{"draft": 1, "action": "approve", "externalId": "camel"}"#,
            #"{"draft": 1, "action": "approve", "content_Hash": "odd"}"#,
            #"{"draft": 1, "action": "approve", "Action": "withdraw"}"#,
            #"{"draft": 1, "action": "approve",}"#, #"{"draft": 1, "action": "approve"} x"#, "", "[]", "{}",
            "\u{FEFF}{\"draft\": 1, \"action\": \"approve\"}",
        ]
        for text in texts {
            let data = Data(text.utf8)
            let fast = WebhookCommand(jsonData: data)
            let slow = try? WireJSON.decoder().decode(WebhookCommand.self, from: data)
            if let fast {
                let expected = try #require(slow, "accepted what JSONDecoder refuses: \(text)")
                #expect(fast == expected, "\(text)")
            }
        }
        // The bodies senders send come out right, without JSONDecoder.
        let common = try #require(
            WebhookCommand(jsonData: Data(#"{"draft": 7, "action": "approve", "revision": 2}"#.utf8)))
        #expect(common.draft == 7 && common.action == "approve" && common.revision == 2)
        let full = try #require(
            WebhookCommand(
                jsonData: Data(
                    #"{"draft": "7", "action": "publish", "url": "u", "external_id": "e", "content_hash": "h", "actor": "a"}"#
                        .utf8)))
        #expect(full.url == "u" && full.externalId == "e" && full.contentHash == "h" && full.actor == "a")
    }
}
