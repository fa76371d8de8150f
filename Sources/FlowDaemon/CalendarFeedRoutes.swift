import Hummingbird

/// `GET /calendar/<token>.ics` and a post's preview from it, `GET /calendar/<token>/<draft>`, with the post's
/// media, `GET` and `HEAD /calendar/<token>/<draft>/media/<position>`.
struct CalendarFeedRoutes {
    let engine: Engine
    let site: ReviewSite?

    func addRoutes(to router: Router<PublicContext>) {
        let engine = engine
        let site = site
        // One parameter name for both routes (Hummingbird's router requires it): `<token>.ics` here.
        router.get("calendar/:token") { request, context -> Response in
            guard let site else { return Response(status: .serviceUnavailable) }
            return try await site.feed(
                context.parameters.get("token") ?? "", address: engine.clientAddress(request, context))
        }
        router.get("calendar/:token/:draft") { request, context -> Response in
            let started = ContinuousClock.now
            guard let site else { return Response(status: .serviceUnavailable) }
            return try await site.preview(
                context.parameters.get("token") ?? "", draft: context.parameters.get("draft") ?? "",
                acceptLanguage: request.headers[.acceptLanguage], address: engine.clientAddress(request, context),
                started: started)
        }
        router.getAndHead("calendar/:token/:draft/media/:position") { request, context, head -> Response in
            let started = ContinuousClock.now
            guard let site else { return Response(status: .serviceUnavailable) }
            return try await site.previewMedium(
                context.parameters.get("token") ?? "", draft: context.parameters.get("draft") ?? "",
                position: context.parameters.get("position") ?? "", request: request.headers, head: head,
                address: engine.clientAddress(request, context), channel: context.channel, started: started)
        }
    }
}
