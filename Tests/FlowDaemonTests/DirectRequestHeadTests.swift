import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import FlowDaemon

/// `DirectRequestHead` takes only requests that NIO's decoder reads the same way, and leaves every other form to it.
@Suite struct DirectRequestHeadTests {
    func parse(_ text: String, searchFrom: Int = 0) -> DirectRequestHead.Parsed {
        DirectRequestHead.parse(ByteBuffer(string: text), searchFrom: searchFrom)
    }

    /// The head read from `text`, checking that its length ends at the first blank line.
    func read(_ text: String) -> DirectRequestHead? {
        guard case .head(let head, let length) = parse(text) else { return nil }
        let bytes = Array(text.utf8)
        let blank = Array("\r\n\r\n".utf8)
        let end = (0...(bytes.count - 4)).first { bytes[$0..<$0 + 4].elementsEqual(blank) }.map { $0 + 4 }
        #expect(length == end)
        return head
    }

    static let plain =
        "POST /v1/drafts/12/comment HTTP/1.1\r\nHost: flowd\r\nFlowd-As:  ana \t\r\nContent-Type: application/json\r\n"
        + "content-length: 19\r\nX-Twice: a\r\nx-twice: b\r\n\r\n{\"message\":\"first\"}"

    @Test func aPlainRequestIsReadWhole() throws {
        let head = try #require(read(Self.plain))
        #expect(head.path == "/v1/drafts/12/comment")
        #expect(head.contentLength == 19)
        #expect(!head.close)
        #expect(head.field("flowd-as") == "ana")
        #expect(head.field("FLOWD-AS") == "ana")
        #expect(head.field("Content-Type") == "application/json")
        #expect(head.field("x-twice") == "a, b")
        #expect(head.field("missing") == nil)
        #expect(head.fields.count == 6)
    }

    @Test func aHeadThatComesAByteAtATimeIsFoundOnce() throws {
        let bytes = Array(Self.plain.utf8)
        let end = Self.plain.utf8.count - 19
        var searchFrom = 0
        for count in 1...bytes.count {
            switch DirectRequestHead.parse(ByteBuffer(bytes: bytes[0..<count]), searchFrom: searchFrom) {
            case .needMore(let from):
                #expect(count < end)
                #expect(from <= count)
                searchFrom = from
            case .head(let head, let length):
                #expect(count >= end)
                #expect(length == end)
                #expect(head.contentLength == 19)
                return
            case .notMine:
                Issue.record("a prefix of a plain request was refused at \(count) bytes")
                return
            }
        }
        Issue.record("never read")
    }

    @Test func connectionCloseIsSeenAmongOtherTokens() throws {
        let base = "POST /hooks/review HTTP/1.1\r\nHost: x\r\n"
        #expect(read(base + "Connection: close\r\n\r\n")?.close == true)
        #expect(read(base + "Connection: Keep-Alive, CLOSE\r\n\r\n")?.close == true)
        #expect(read(base + "Connection: keep-alive\r\n\r\n")?.close == false)
        #expect(read(base + "\r\n")?.contentLength == 0)
        #expect(read(base + "\r\n")?.fields.count == 1)
    }

    @Test func everyOtherFormIsLeftToTheDecoder() {
        let line = "POST /v1/drafts/1/comment HTTP/1.1\r\n"
        let refused = [
            "GET /v1/drafts/1 HTTP/1.1\r\nHost: x\r\n\r\n",
            "post /v1/drafts/1/comment HTTP/1.1\r\n\r\n",
            "POST /v1/drafts/1/comment HTTP/1.0\r\n\r\n",
            "POST  /v1/drafts/1/comment HTTP/1.1\r\n\r\n",
            "POST http://x/v1/drafts/1/comment HTTP/1.1\r\n\r\n",
            "POST /v1/drafts/1/comment HTTP/1.1 \r\n\r\n",
            line + "Transfer-Encoding: chunked\r\n\r\n",
            line + "Content-Length: 5\r\nContent-Length: 5\r\n\r\n",
            line + "Content-Length: +5\r\n\r\n",
            line + "Content-Length: 5 5\r\n\r\n",
            line + "Content-Length: \r\n\r\n",
            line + "Content-Length: 1234567890123456\r\n\r\n",
            line + "Expect: 100-continue\r\n\r\n",
            line + "Upgrade: websocket\r\nConnection: upgrade\r\n\r\n",
            line + "Connection: close, upgrade\r\n\r\n",
            line + "Host: x\r\n folded\r\n\r\n",
            line + "Host : x\r\n\r\n",
            line + ": x\r\n\r\n",
            line + "Host x\r\n\r\n",
            line + "Host: a\u{0}b\r\n\r\n",
            line + "Host: a\nb\r\n\r\n",
            line + "Host: a\rb\r\n\r\n",
            line + "Ho(st: x\r\n\r\n",
            line + String(repeating: "A: b\r\n", count: DirectRequestHead.maxFields + 1) + "\r\n",
            line + "A: " + String(repeating: "b", count: DirectRequestHead.maxBytes) + "\r\n\r\n",
            line + "A: " + String(repeating: "b", count: DirectRequestHead.maxBytes),
        ]
        for text in refused {
            guard case .notMine = parse(text) else {
                Issue.record("took \(text.debugDescription.prefix(120))")
                continue
            }
        }
        guard case .needMore = parse(line + "Host: x\r\n") else {
            Issue.record("a head without its end was not waited for")
            return
        }
    }

    /// Whatever the lane takes, NIO's decoder reads as the same request: same method, target, version, fields (as the
    /// router sees them) and body length. Each case is a variation of a plain request; every one the lane takes is checked.
    @Test func whatTheLaneTakesTheDecoderReadsTheSame() throws {
        let variants = [
            "Host: x\r\n", "host:x\r\n", "X-A: \t spaced \t \r\n", "X-Empty:\r\n", "X-Utf8: ünï\r\n",
            "Content-Length: 0\r\n", "Content-Length: 3\r\n", "Connection: keep-alive\r\n", "Connection: close\r\n",
            "X-Tok!#$%&'*+-.^_`|~: v\r\n", "X-Obs: \u{7F}\r\n", "X-Ctl: \u{1}\r\n", "X-Tab:\tv\r\n",
        ]
        var taken = 0
        for first in variants {
            for second in variants {
                let text = "POST /hooks/review?x=1 HTTP/1.1\r\n" + first + second + "\r\n"
                guard case .head(let head, let length) = parse(text + "abc") else { continue }
                taken += 1
                let decoded = try decode(text + String(repeating: "a", count: head.contentLength))
                #expect(decoded.head.method == .POST)
                #expect(decoded.head.uri == head.path)
                #expect(decoded.head.version == .http1_1)
                #expect(length == text.utf8.count)
                let mine = head.fields.map {
                    (
                        String(decoding: head.bytes[$0.name], as: UTF8.self),
                        String(decoding: head.bytes[$0.value], as: UTF8.self)
                    )
                }
                // The router reads each value through `HTTPField`, which trims the whitespace around it.
                let routers = decoded.head.headers.map {
                    ($0.name, HTTPField(name: .init($0.name)!, value: $0.value).value)
                }
                #expect(routers.elementsEqual(mine, by: ==), "\(text.debugDescription)")
                #expect(decoded.body == head.contentLength, "\(text.debugDescription)")
                #expect(decoded.head.isKeepAlive == !head.close)
            }
        }
        #expect(taken > variants.count * variants.count / 2)
    }

    func decode(_ text: String) throws -> (head: HTTPRequestHead, body: Int) {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder()))
        try channel.writeInbound(ByteBuffer(string: text))
        var head: HTTPRequestHead?
        var body = 0
        while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
            switch part {
            case .head(let h): head = h
            case .body(let chunk): body += chunk.readableBytes
            case .end: break
            }
        }
        _ = try? channel.finish()
        return (try #require(head), body)
    }

    @Test func anAnswerIsOneWholeResponse() {
        var fields = DirectResponse(status: 429, body: ByteBuffer(string: "{}"))
        fields.fields[.retryAfter] = "60"
        let text = String(buffer: fields.encoded(close: true, allocator: ByteBufferAllocator()))
        #expect(
            text == "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 60\r\ncontent-type: application/json\r\n"
                + "content-length: 2\r\nconnection: close\r\n\r\n{}")
        let plain = String(
            buffer: DirectResponse(status: 200, body: ByteBuffer(string: "[]")).encoded(
                close: false, allocator: ByteBufferAllocator()))
        #expect(plain == "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n[]")
    }
}
