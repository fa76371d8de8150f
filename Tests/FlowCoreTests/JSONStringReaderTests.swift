import FlowCore
import Foundation
import Testing

/// The one JSON string reader: what it reads, JSONSerialization reads the same; what is not strict JSON it refuses.
@Suite struct JSONStringReaderTests {
    static func read(_ bytes: [UInt8]) -> (String, Int)? {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            return JSONStringReader.read(buffer, at: &index).map { ($0, index) }
        }
    }

    static func read(_ text: String) -> String? { read(Array(text.utf8))?.0 }

    @Test func itReadsEveryEscapeJSONHas() throws {
        let texts = [
            #""plain""#, #""""#, #""\"\\\/\b\f\n\r\t""#, #""\u00e9\u0000\u20AC""#, #""\uD83D\uDE80 rocket""#,
            #""ünï ✓ 🚀""#, #""a\u0041b""#,
        ]
        for text in texts {
            let general = try #require(try JSONSerialization.jsonObject(with: Data("[\(text)]".utf8)) as? [String])
            #expect(Self.read(text) == general.first, "\(text)")
        }
        // The index ends past the closing quote, and what follows is left.
        #expect(Self.read(Array(#""ab", "c""#.utf8))?.1 == 4)
        #expect(Self.read(Array(#""a\nb"x"#.utf8))?.1 == 6)
    }

    @Test func whatIsNotStrictJSONIsRefused() {
        let texts = [
            #""\q""#, #""\x41""#, #""\u12""#, #""\u12G4""#, #""\uD83D""#, #""\uD83Dx""#, #""\uD83D\u0041""#,
            #""\uDE80""#, "\"tab\u{9}inside\"", "\"nl\u{A}\"", "\"unterminated", #""ends in \"#, "no quote",
        ]
        for text in texts {
            #expect(Self.read(text) == nil, "\(text)")
        }
        #expect(Self.read([0x22, 0xFF, 0xFE, 0x22]) == nil)  // not UTF-8
        #expect(Self.read([0x22, 0x5C, 0x6E, 0xC3, 0x22]) == nil)  // cut inside a character, after an escape
        #expect(Self.read([0x22, 0xED, 0xA0, 0xBD, 0x22]) == nil)  // a surrogate written as UTF-8
    }
}
