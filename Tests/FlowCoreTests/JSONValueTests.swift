import FlowCore
import Foundation
import Testing

/// The hand-written JSON: what it writes parses back to the same values (Foundation's parser as the judge).
@Suite struct JSONValueTests {
    @Test func integersAreWrittenAsSwiftPrintsThem() {
        var generator = SystemRandomNumberGenerator()
        var values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1]
        for _ in 0..<1_000 { values.append(Int64.random(in: Int64.min...Int64.max, using: &generator)) }
        for value in values { #expect(JSONValue.int(value).text == String(value)) }
    }

    @Test func stringsWithEveryKindOfEscapeReadBack() throws {
        let texts = [
            "", "plain", "quote \" and backslash \\", "new\nline\r\ttab", "\u{0}\u{1}\u{1F}", "ünïcødé ✓ 🚀",
            String(repeating: "long run of plain text ", count: 50) + "\"end\"",
        ]
        let value = JSONValue.object(texts.enumerated().map { ("k\($0.offset)", .string($0.element)) })
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(value.bytes)) as? [String: String])
        for (index, text) in texts.enumerated() { #expect(parsed["k\(index)"] == text) }
    }
}
