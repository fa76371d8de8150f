import FlowAPI
import Foundation
import Hummingbird
import NIOCore

// Request and answer bodies of the wire types with hand codecs (`WireEncodable`, `WireDecodable`): the overloads of
// `JSONResponse.ok` and `ControlRoutes.decode` that the routes of those types resolve to.

extension WireEncodable {
    /// The value's compact JSON, written into a buffer of its own.
    var jsonBuffer: ByteBuffer { ByteBuffer(bytes: jsonBytes) }
}

extension JSONResponse {
    static func ok(_ value: some WireEncodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: value.jsonBuffer))
    }
}

extension ControlRoutes {
    static func decode<T: WireDecodable>(
        _ type: T.Type, _ request: Request, _ engine: Engine, emptyAllowed: Bool = false
    )
        async throws -> T
    {
        try decode(type, from: try await body(request, engine), emptyAllowed: emptyAllowed)
    }

    /// A request body already read, as `T`; an empty body reads as `{}` where that is allowed.
    static func decode<T: WireDecodable>(_ type: T.Type, from buffer: ByteBuffer, emptyAllowed: Bool) throws -> T {
        do {
            if buffer.readableBytes == 0, emptyAllowed { return try T(jsonData: Data("{}".utf8)) }
            return try T(jsonData: Data(buffer.readableBytesView))
        } catch let error as WireDecodingError {
            throw APIError(error.code, error.message)
        }
    }
}
