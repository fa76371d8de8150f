import FlowAPI
import FlowCore
import Logging

/// The one mapping from an error to the control socket's answer, the documented error envelope with the code's
/// status, for the direct route and the router alike (`ErrorEnvelopeMiddleware`). Anything but the API's and the domain's
/// errors is a bug in flowd, logged and answered as an internal error.
enum ErrorAnswer {
    /// The wire's code and message of the domain's refusal or an edge's `APIError`; nil for anything else, which
    /// is a bug in flowd. Every answer that reports an error reads it here.
    static func wire(_ error: any Error) -> (code: ErrorCode, message: String)? {
        switch error {
        case let refusal as Refusal: (ErrorCode(refusal.code), refusal.message)
        case let error as APIError: (error.code, error.message)
        case let error as WireDecodingError: (error.code, error.message)
        // The disk refused (full, read-only): the engine logged it, and the person who sent the file is told.
        case let error as MediaStoreError: (.internalError, "the upload could not be stored: \(error)")
        default: nil
        }
    }

    static func of(_ error: any Error, path: String, _ logger: Logger) -> DirectResponse {
        if let (code, message) = wire(error) {
            return DirectResponse(status: code.httpStatus, body: JSONResponse.errorBody(code, message))
        }
        logger.critical("unhandled error", metadata: ["path": "\(path)", "error": "\(error)"])
        return DirectResponse(
            status: ErrorCode.internalError.httpStatus,
            body: JSONResponse.errorBody(.internalError, "internal error; see the flowd log"))
    }
}
