import FlowAPI
import FlowCore
import Logging

/// The one mapping from an error to the control socket's answer, the documented error envelope with the code's
/// status, for the direct route and the router alike (`ErrorEnvelopeMiddleware`). Anything but the API's and the domain's
/// errors is a bug in flowd, logged and answered as an internal error.
enum ErrorAnswer {
    static func of(_ error: any Error, path: String, _ logger: Logger) -> DirectResponse {
        if let error = error as? APIError {
            return DirectResponse(
                status: error.code.httpStatus, body: JSONResponse.errorBody(error.code, error.message))
        }
        if let refusal = error as? Refusal {
            let code = ErrorCode(refusal.code)
            return DirectResponse(status: code.httpStatus, body: JSONResponse.errorBody(code, refusal.message))
        }
        logger.critical("unhandled error", metadata: ["path": "\(path)", "error": "\(error)"])
        return DirectResponse(
            status: ErrorCode.internalError.httpStatus,
            body: JSONResponse.errorBody(.internalError, "internal error; see the flowd log"))
    }
}
