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

extension JSONValueTests {
    /// The streaming writer gives what the tree gives for the same members, nil values left out, and dates as
    /// `isoUTC` writes them, also for the years outside 0...9999 that it writes the slow way.
    @Test func theObjectWriterWritesWhatTheTreeWrites() throws {
        let dates = [
            Date(timeIntervalSince1970: 1_790_000_000.125), Date(timeIntervalSince1970: -62_200_000_000),
            Date(timeIntervalSince1970: 253_500_000_000),
        ]
        for date in dates {
            var written: [UInt8] = [1, 2]
            JSONObjectWriter.write(to: &written) { object in
                object.add("a", "quote \" new\nline \u{1}")
                object.add("b", Int64?.none)
                object.add("c", date: date)
                object.add("d", date: nil)
                object.add("e", -17)
                object.add("f", ["x", "y\\"])
                object.add("g", false)
                object.add("h", count: 2) { index, out in JSONValue.int(Int64(index + 3)).write(to: &out) }
                object.add("i", String?.none)
            }
            let tree = JSONValue.object([
                ("a", .string("quote \" new\nline \u{1}")), ("c", .string(isoUTC(date))), ("e", .int(-17)),
                ("f", .array([.string("x"), .string("y\\")])), ("g", .bool(false)), ("h", .array([.int(3), .int(4)])),
            ])
            #expect(written == [1, 2] + tree.bytes)
        }
        var empty: [UInt8] = []
        JSONObjectWriter.write(to: &empty) { _ in }
        #expect(empty == Array("{}".utf8))
    }
}
