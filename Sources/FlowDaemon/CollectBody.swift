import FlowConfig
import FlowCore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// A request's body up to `limit` bytes; nil when it is over (declared or as it arrives), before any of it is
/// worked on.
func collectBody(_ request: Request, limit: Int) async throws -> ByteBuffer? {
    if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { return nil }
    do {
        var request = request
        return try await request.collectBody(upTo: limit)
    } catch let error as HTTPError where error.status == .contentTooLarge {
        return nil
    }
}
