import Hummingbird

extension Router {
    /// Answers `GET` and `HEAD` of `path` with one handler, told which it answers: a `HEAD` answer has the `GET`
    /// one's headers and no body, and never opens the file behind it.
    func getAndHead(
        _ path: RouterPath, use handler: @escaping @Sendable (Request, Context, _ head: Bool) async throws -> Response
    ) {
        get(path) { request, context in try await handler(request, context, false) }
        head(path) { request, context in try await handler(request, context, true) }
    }
}
