import FlowCore
import Hummingbird

/// `GET` and `POST /r/<token>`: a person's review page and their decision on it; `GET /i/<token>`: their inbox; `GET` and `HEAD
/// /r/<token>/media/<position>`: the media it shows; and an approved medium for its publisher, `GET` and `HEAD
/// /p/<draft>/<sha256>/<token>` (`MediaAddress`).
struct ReviewPageRoutes {
    let engine: Engine
    let site: ReviewSite?
    let bodyLimit: @Sendable () -> Int

    func addRoutes(to router: Router<PublicContext>) {
        let engine = engine
        let site = site
        let bodyLimit = bodyLimit
        router.get("r/:token") { request, context -> Response in
            let started = ContinuousClock.now
            guard let site else { return Response(status: .serviceUnavailable) }
            return try await site.show(
                context.parameters.get("token") ?? "", done: request.uri.queryParameters["done"].map(String.init),
                acceptLanguage: request.headers[.acceptLanguage], address: engine.clientAddress(request, context),
                started: started)
        }
        router.get("i/:token") { request, context -> Response in
            let started = ContinuousClock.now
            guard let site else { return Response(status: .serviceUnavailable) }
            return try await site.inbox(
                context.parameters.get("token") ?? "", acceptLanguage: request.headers[.acceptLanguage],
                address: engine.clientAddress(request, context), started: started)
        }
        router.getAndHead("r/:token/media/:position") { request, context, head -> Response in
            let started = ContinuousClock.now
            guard let site else { return Response(status: .serviceUnavailable) }
            return try await site.medium(
                context.parameters.get("token") ?? "", position: context.parameters.get("position") ?? "",
                request: request.headers, head: head, address: engine.clientAddress(request, context),
                channel: context.channel, started: started)
        }
        router.getAndHead("p/:draft/:sha256/:token") { request, context, head -> Response in
            let started = ContinuousClock.now
            guard let site else { return Response(status: .serviceUnavailable) }
            return try await site.publisherMedium(
                draft: context.parameters.get("draft") ?? "", sha256: context.parameters.get("sha256") ?? "",
                token: context.parameters.get("token") ?? "", request: request.headers, head: head,
                address: engine.clientAddress(request, context), channel: context.channel, started: started)
        }
        router.post("r/:token") { request, context -> Response in
            let started = ContinuousClock.now
            guard let site else { return Response(status: .serviceUnavailable) }
            let limit = bodyLimit()
            guard let body = try await collectBody(request, limit: limit) else {
                let language = PageLanguage.choose(
                    user: nil, client: nil, acceptLanguage: request.headers[.acceptLanguage])
                return await site.status(ReviewSite.tooLarge(limit: limit, language: language), since: started)
            }
            return try await site.decide(
                context.parameters.get("token") ?? "", form: ReviewSite.form(body), origin: request.headers[.origin],
                acceptLanguage: request.headers[.acceptLanguage], address: engine.clientAddress(request, context),
                started: started)
        }
    }
}
