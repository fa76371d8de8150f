import FlowCore
import Hummingbird
import NIOCore

/// Puts the caller on the request context before a route runs: the one identity step (`ControlCaller`), from the
/// peer's credentials and `Flowd-As`, as the direct route takes it.
struct CallerMiddleware: RouterMiddleware {
    typealias Context = ControlContext
    let engine: Engine
    /// Where the peer's uid comes from: SO_PEERCRED on the socket, or a fixed uid in the in-process route tests.
    let peerUID: @Sendable (any Channel) -> EventLoopFuture<UInt32>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let uid: Result<UInt32, any Error>
        do {
            uid = .success(try await peerUID(context.channel).get())
        } catch {
            uid = .failure(error)
        }
        var context = context
        context.caller = try ControlCaller.identify(uid, actAs: request.headers[ControlCaller.actAsHeader], engine)
        return try await next(request, context)
    }
}
