import FlowCore
import Foundation
import Testing

@testable import FlowDaemon

/// The one form decoder, for the review page and Slack's payloads alike.
@Suite struct FormFieldsTests {
    static func parse(_ text: String) throws(FormFields.Refusal) -> [String: String] {
        try FormFields.parse(Array(text.utf8))
    }

    @Test func itReadsWhatBrowsersAndSlackSend() throws {
        #expect(try Self.parse("csrf=1.ab&action=approve") == ["csrf": "1.ab", "action": "approve"])
        #expect(try Self.parse("message=Is+May+1+final%3F+%C3%BC%2B") == ["message": "Is May 1 final? ü+"])
        #expect(try Self.parse("a=&b&c=x=y") == ["a": "", "b": "", "c": "x=y"])
        #expect(try Self.parse("") == [:])
        #expect(try Self.parse("a=1&&b=2") == ["a": "1", "b": "2"])
        #expect(try Self.parse("payload=%7B%22type%22%3A%22x%22%7D") == ["payload": #"{"type":"x"}"#])
        // Each field is decoded as Foundation's percent decoding did, the `+` first.
        for text in ["a+b%20c", "%E2%9C%93", "plain", "%2B+"] {
            let foundation = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            #expect(FormFields.decode(Array(text.utf8)) == foundation, "\(text)")
        }
    }

    /// One duplicate-key rule: a field given twice is refused, whichever copy either reader used to take.
    @Test func aFieldGivenTwiceIsRefusedByName() {
        #expect(throws: FormFields.Refusal.repeated("action")) {
            try Self.parse("action=approve&csrf=t&action=request-changes")
        }
        #expect(throws: FormFields.Refusal.repeated("payload")) { try Self.parse("payload=%7B%7D&payload=x") }
        // The same name however it is encoded.
        #expect(throws: FormFields.Refusal.repeated("a b")) { try Self.parse("a+b=1&a%20b=2") }
        #expect(FormFields.Refusal.repeated("action").description.contains("\"action\""))
    }

    /// Slack's button presses go through the same decoder: one payload is read, two are refused.
    @Test func aSlackPressWithTwoPayloadsIsRefused() throws {
        let payload = #"{"type":"block_actions","user":{"id":"U1"},"actions":[{"value":"approve:7:2"}]}"#
        let field = "payload=" + (payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let once = try #require(WebhookAnswers.webhookRequest(scheme: .slack, body: Array(field.utf8)))
        #expect(once.draft == 7 && once.action == "approve")
        #expect(WebhookAnswers.webhookRequest(scheme: .slack, body: Array((field + "&" + field).utf8)) == nil)
    }

    @Test func garbledFieldsAreRefused() {
        for text in ["a=%", "a=%4", "a=%G1", "%zz=1", "a=%FF%FE", "a=%C3"] {
            #expect(throws: FormFields.Refusal.garbled, "\(text)") { try Self.parse(text) }
            let value = String(text.split(separator: "=", maxSplits: 1).last ?? "")
            if text.hasPrefix("a=") {
                #expect(value.removingPercentEncoding == nil, "Foundation refused \(text) too")
            }
        }
        #expect(throws: FormFields.Refusal.garbled) { try FormFields.parse([0x61, 0x3D, 0xFF]) }
    }
}
