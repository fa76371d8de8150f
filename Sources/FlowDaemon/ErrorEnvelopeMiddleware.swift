import FlowAPI
import Hummingbird
import Logging

/// Turns every failure into the documented error envelope: Hummingbird's own refusals here, every other error by
/// `ErrorAnswer`, as on the direct route.
struct ErrorEnvelopeMiddleware: RouterMiddleware {
    typealias Context = ControlContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                return JSONResponse.error(.notFound, "no such endpoint: \(request.method) \(request.uri.path)")
            case .contentTooLarge:
                return JSONResponse.error(.payloadTooLarge, "request body is over the limit")
            case .methodNotAllowed:
                return JSONResponse.error(.invalidRequest, "\(request.method) is not allowed on \(request.uri.path)")
            default:
                return JSONResponse.error(.invalidRequest, error.body ?? "bad request")
            }
        } catch {
            return ErrorAnswer.of(error, path: request.uri.path, logger).response
        }
    }
}
