import Testing

@testable import FlowAPI

@Suite struct ChunkedLinesTests {
    @Test func linesComeOutWhateverTheBytesArrivalSplits() throws {
        let body = Array("7\r\n{\"a\":1}\r\n6\r\n\n{\"b\":\r\n4\r\n2}\n\n\r\n0\r\n\r\n".utf8)
        for split in 1..<body.count {
            var lines = ChunkedLines()
            var seen: [String] = []
            for part in [body[..<split], body[split...]] {
                lines.feed(part)
                while let line = try lines.nextLine() { seen.append(line) }
            }
            #expect(seen == ["{\"a\":1}", "{\"b\":2}", ""], "split at \(split)")
            #expect(lines.ended)
        }
    }

    @Test func aBadChunkSizeEndsTheStream() throws {
        var lines = ChunkedLines()
        lines.feed(Array("zz\r\nabc\r\n".utf8))
        #expect(lines.ended)
        #expect(try lines.nextLine() == nil)
    }
}
