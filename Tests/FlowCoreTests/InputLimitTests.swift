import FlowCore
import Foundation
import Testing

@Suite struct InputLimitTests {
    static func create(labels: [String] = [], channels: [String] = ["x"], title: String = "T") -> Request {
        Request(
            .create(
                client: "acme", lane: .normal,
                content: Content(title: title, body: "B", channels: channels, publishAt: nil), labels: labels))
    }

    @Test func everyFieldHasALimitCheckedBeforeTheDecision() {
        let cases: [(Request, String)] = [
            (Self.create(labels: (0..<33).map { "l\($0)" }), "at most 32 labels, not 33"),
            (Self.create(channels: (0..<17).map { "c\($0)" }), "at most 16 channels, not 17"),
            (Self.create(labels: [String(repeating: "a", count: 65)]), "is longer than 64 bytes"),
            (Self.create(title: String(repeating: "é", count: 700)), "title is longer than 300 characters"),
            (Request(.comment, message: String(repeating: "m", count: 16 * 1024 + 1)), "message is longer"),
            (Request(.edit(ContentPatch(body: String(repeating: "b", count: 256 * 1024 + 1)))), "body is longer"),
            (
                Request(.publish(url: String(repeating: "u", count: 2049), externalID: nil, contentHash: nil)),
                "url is longer"
            ),
            (
                Request(
                    .create(
                        client: String(repeating: "c", count: 65), lane: .normal, content: World.content(), labels: [])),
                "client is longer than 64 bytes"
            ),
            (
                Request(
                    .defineTemplate(
                        client: "acme", lane: .normal, content: World.content(), labels: [],
                        rules: TemplateRules(name: String(repeating: "t", count: 65)))),
                "template name is longer than 64 bytes"
            ),
        ]
        for (request, message) in cases {
            var refused: Refusal?
            do { try Workflow.precheck(request) } catch { refused = error }
            #expect(refused?.code == .invalidRequest)
            #expect(refused?.message.contains(message) == true, "\(refused?.message ?? "accepted")")
        }
        #expect(throws: Never.self) { try Workflow.precheck(Self.create(labels: (0..<32).map { "l\($0)" })) }
    }

    @Test func manyDuplicateLabelsCollapseInOnePass() throws {
        let labels = (0..<32).map { $0 % 2 == 0 ? "Same" : "same" }
        let created = try World.decide(
            .create(client: "acme", lane: .normal, content: World.content(), labels: labels), on: nil, by: World.ana)
        #expect(created.draft.labels == ["same"])
    }
}
