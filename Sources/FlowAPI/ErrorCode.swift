public import FlowCore

/// Stable error codes of the control API; flowctl maps them to exit codes.
public enum ErrorCode: String, Codable, Sendable {
    case notFound = "not_found"
    case invalidTransition = "invalid_transition"
    case staleRevision = "stale_revision"
    case forbidden = "forbidden"
    case invalidRequest = "invalid_request"
    case hashMismatch = "hash_mismatch"
    case badJSON = "bad_json"
    case payloadTooLarge = "payload_too_large"
    case unknownUser = "unknown_user"
    case notAdmin = "not_admin"
    case unknownAction = "unknown_action"
    case unauthorized = "unauthorized"
    case tooManyRequests = "too_many_requests"
    case internalError = "internal"

    /// The wire code of a domain refusal; a new refusal code does not compile until it has one here.
    public init(_ code: Refusal.Code) {
        switch code {
        case .notFound: self = .notFound
        case .invalidTransition: self = .invalidTransition
        case .staleRevision: self = .staleRevision
        case .forbidden: self = .forbidden
        case .invalidRequest: self = .invalidRequest
        case .hashMismatch: self = .hashMismatch
        case .unknownUser: self = .unknownUser
        case .notAdmin: self = .notAdmin
        case .tooManyRequests: self = .tooManyRequests
        }
    }

    public var httpStatus: Int {
        switch self {
        case .notFound: 404
        case .invalidTransition, .staleRevision, .hashMismatch: 409
        case .unauthorized: 401
        case .forbidden, .unknownUser, .notAdmin: 403
        case .invalidRequest, .badJSON, .unknownAction: 400
        case .payloadTooLarge: 413
        case .tooManyRequests: 429
        case .internalError: 500
        }
    }

    /// flowctl's documented exit codes: 3 refused transition or stale revision, 4 not found, 1 otherwise.
    public var exitCode: Int32 {
        switch self {
        case .invalidTransition, .staleRevision, .hashMismatch, .forbidden: 3
        case .notFound: 4
        case .invalidRequest, .badJSON, .payloadTooLarge, .unknownUser, .notAdmin, .unknownAction, .unauthorized,
            .tooManyRequests, .internalError:
            1
        }
    }
}

/// The body of every error response: `{"error": {"code": ..., "message": ...}}`.
public struct ErrorEnvelope: Codable, Sendable {
    /// The error itself.
    public struct Detail: Codable, Sendable {
        public var code: ErrorCode
        public var message: String
    }

    public var error: Detail

    public init(code: ErrorCode, message: String) {
        error = Detail(code: code, message: message)
    }
}
