import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// One kind of request that `DirectRouteHandler` answers itself, with no task per request.
protocol DirectRoute: Sendable {
    associatedtype Matched: Sendable
    /// The route's facts about a request it takes; nil leaves the request, and the connection's requests after it, to
    /// the router.
    func match(_ head: DirectRequestHead) -> Matched?
    /// A request with a longer body is given to `respond` without it (`DirectRequest.overLimit`), to be refused.
    func bodyLimit() -> Int
    /// Answers the whole request, once, given what `match` found in its head. `answer` may be called on any thread
    /// (the store's writer, typically); the closure it is given runs on the connection's event loop and builds the
    /// answer there.
    func respond(
        _ request: DirectRequest, matched: Matched, channel: any Channel, answer: @escaping DirectRouteHandler.Answer)
}

/// A request `DirectRouteHandler` took, read whole.
struct DirectRequest: Sendable {
    var head: DirectRequestHead
    var body: ByteBuffer
    /// The connection's event loop may run the request's commit itself when the writer is idle (`Store.submit`'s
    /// `here`). Only for the first request of a read: one that came behind another, taken once that one is answered,
    /// would with many pipelined hold the loop for one fsync after another.
    var commitHere = true
    /// The body was over the route's limit: `body` is empty, and the route refuses the request.
    var overLimit = false
}

/// An answer a `DirectRoute` gives: status, header fields beyond the content type and length, and the body.
struct DirectResponse: Sendable {
    var status: Int
    var fields: HTTPFields = [:]
    var body: ByteBuffer

    /// The whole HTTP/1.1 response, head and body, in one buffer: one write and one flush.
    func encoded(close: Bool, allocator: ByteBufferAllocator) -> ByteBuffer {
        var out = allocator.buffer(capacity: body.readableBytes + 128)
        if status == 200 {
            out.writeStaticString("HTTP/1.1 200 OK\r\n")
        } else {
            out.writeString("HTTP/1.1 \(status) \(HTTPResponseStatus(statusCode: status).reasonPhrase)\r\n")
        }
        for field in fields {
            out.writeString(field.name.rawName)
            out.writeStaticString(": ")
            out.writeString(field.value)
            out.writeStaticString("\r\n")
        }
        out.writeStaticString("content-type: application/json\r\ncontent-length: ")
        Self.writeDecimal(body.readableBytes, to: &out)
        out.writeStaticString(close ? "\r\nconnection: close\r\n\r\n" : "\r\n\r\n")
        out.writeImmutableBuffer(body)
        return out
    }

    /// The same answer for the router's path, which writes head and body itself.
    var response: Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: fields)
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: body))
    }

    private static func writeDecimal(_ value: Int, to out: inout ByteBuffer) {
        if value >= 10 { writeDecimal(value / 10, to: &out) }
        out.writeInteger(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
