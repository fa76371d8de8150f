import FlowAPI
import FlowConfig
import HTTPTypes
import Hummingbird

/// `POST /hooks/<source>` on the router: the direct route (`WebhookDirectRoute`), for Slack sources, sources that may
/// name media by address (`media_from`: a fetch is awaited) and the forms of HTTP the direct route does not read,
/// answered by the same implementation.
struct WebhookRoutes {
    let engine: Engine
    let bodyLimit: @Sendable () -> Int
    /// Fetches the media that sources with `media_from` name by address.
    let fetcher: MediaFetcher

    func addRoutes(to router: Router<PublicContext>) {
        let engine = engine
        let bodyLimit = bodyLimit
        let fetcher = fetcher
        router.post("hooks/:source") { request, context -> Response in
            let name = context.parameters.get("source") ?? ""
            let limit = bodyLimit()
            let read: ByteBuffer?
            do {
                // Oversized bodies are refused before any HMAC work, from the declared length when there is one.
                read = try await collectBody(request, limit: limit)
            } catch {
                // `RequestDeadline` closed the connection: nobody reads this answer.
                return JSONResponse.error(.invalidRequest, "request body too slow", status: 408)
            }
            guard let body = read else { return WebhookDirectRoute.tooLarge(limit: limit).response }
            let headers = request.headers
            let (status, data) = await WebhookAnswers.respond(
                engine, source: name,
                header: { name in HTTPField.Name(name).flatMap { headers[$0] } },
                body: Array(body.readableBytesView), address: engine.clientAddress(request, context), fetcher: fetcher)
            let known = engine.config.webhooks?.sources[name] != nil
            return WebhookDirectRoute.answer(status, data, source: name, known: known, engine).response
        }
    }
}
