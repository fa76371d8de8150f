import FlowAPI
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension HandEncoded {
    /// The value's compact JSON, written into a buffer of its own.
    var jsonBuffer: ByteBuffer { ByteBuffer(bytes: jsonBytes) }
}

enum JSONResponse {
    static let encoder = WireJSON.encoder()

    static func ok(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: try body(value)))
    }

    static func body(_ value: some Encodable) throws -> ByteBuffer {
        // Foundation's encoder was most of a transition's CPU time; the hot types write their own JSON.
        if let hand = value as? any HandEncoded { return hand.jsonBuffer }
        return ByteBuffer(bytes: try encoder.encode(value))
    }

    /// The error envelope; `status` overrides the code's usual HTTP status (408 and 413 on the webhook listener).
    static func error(_ code: ErrorCode, _ message: String, status: Int? = nil) -> Response {
        Response(
            status: .init(code: status ?? code.httpStatus), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: errorBody(code, message)))
    }

    static func errorBody(_ code: ErrorCode, _ message: String) -> ByteBuffer {
        ByteBuffer(bytes: errorData(code, message))
    }

    static func errorData(_ code: ErrorCode, _ message: String) -> Data {
        (try? encoder.encode(ErrorEnvelope(code: code, message: message))) ?? Data()
    }
}
