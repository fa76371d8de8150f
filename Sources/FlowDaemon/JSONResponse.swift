import FlowAPI
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

enum JSONResponse {
    static let encoder = WireJSON.encoder()

    static func ok(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: try body(value)))
    }

    /// The hot types are `WireEncodable` and go through the overload beside `jsonBuffer`.
    static func body(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(bytes: try encoder.encode(value))
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
