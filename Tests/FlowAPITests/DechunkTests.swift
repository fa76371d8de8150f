import Testing

@testable import FlowAPI

/// flowctl's reader of `Transfer-Encoding: chunked` answers.
@Suite struct DechunkTests {
    static func dechunk(_ text: String) throws -> String {
        String(decoding: try ControlClient.dechunk(Array(text.utf8)), as: UTF8.self)
    }

    /// The protocol error `dechunk` throws for `text`, or nil when it does not throw.
    static func failure(_ text: String) -> String? {
        do {
            _ = try ControlClient.dechunk(Array(text.utf8))
            return nil
        } catch ClientError.protocolError(let message) {
            return message
        } catch {
            return "unexpected error \(error)"
        }
    }

    @Test func severalChunksJoinInOrder() throws {
        // Sizes in either case of hex, one chunk with CR LF inside its data, one chunk larger than 15 bytes.
        let body = "4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n"
        #expect(try Self.dechunk(body) == "Wikipedia in\r\n\r\nchunks.abcdefghijklmnopqrstuvwxyz")
        #expect(try Self.dechunk("b\r\n{\"ok\":true}\r\n0\r\n\r\n") == "{\"ok\":true}")
        #expect(try Self.dechunk("0\r\n\r\n") == "")
    }

    @Test func chunkExtensionsAreIgnored() throws {
        let body = "5;name=value\r\nhello\r\n6;a;b=\"c d\"\r\n world\r\n0;last\r\n\r\n"
        #expect(try Self.dechunk(body) == "hello world")
    }

    @Test func theLastChunkEndsTheBodyWhateverFollows() throws {
        #expect(try Self.dechunk("3\r\nabc\r\n0\r\nTrailer: x\r\n\r\n3\r\ndef\r\n") == "abc")
    }

    @Test func aTruncatedChunkThrows() {
        #expect(Self.failure("a\r\nshort") == "truncated chunk")
        #expect(Self.failure("3\r\nabc\r\n5\r\nab") == "truncated chunk")
        #expect(Self.failure("7fffffffffffffff\r\nx\r\n") == "truncated chunk")
    }

    @Test(arguments: [
        "zz\r\nhello\r\n0\r\n\r\n", "\r\nhello\r\n", ";ext\r\nx\r\n", ";5\r\nhello\r\n", "-1\r\nx\r\n",
        "5 x\r\nhello\r\n",
    ])
    func aMalformedChunkSizeThrows(body: String) {
        #expect(Self.failure(body) == "bad chunk size")
    }

    @Test func aSizeTooLargeForAnIntThrows() {
        #expect(Self.failure("1ffffffffffffffff\r\nx\r\n") == "bad chunk size")
    }

    @Test func aChunkedAnswerIsDechunkedByParse() throws {
        let response =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
            + "2\r\n{}\r\n0\r\n\r\n"
        let answer = try ControlClient.parse(Array(response.utf8))
        #expect(answer.status == 200)
        #expect(String(decoding: answer.body, as: UTF8.self) == "{}")
        #expect(answer.headers.contains { $0.0 == "transfer-encoding" && $0.1 == "chunked" })
    }
}
