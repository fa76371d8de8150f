/// Why the domain said no; the code is stable, the message is for people.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable error codes shared with the wire protocol.
    public enum Code: String, Sendable, Codable {
        case notFound = "not_found"
        case invalidTransition = "invalid_transition"
        case staleRevision = "stale_revision"
        case forbidden = "forbidden"
        case invalidRequest = "invalid_request"
        case hashMismatch = "hash_mismatch"
        /// The caller is nobody flowd knows, or names (`--as`) someone it does not know.
        case unknownUser = "unknown_user"
        /// Acting for someone else (`--as`) or an operation of the whole daemon, asked by a non-admin.
        case notAdmin = "not_admin"
        /// Too many attempts from one place; the message says when to try again.
        case tooManyRequests = "too_many_requests"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
