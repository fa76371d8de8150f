import Crypto
import FlowAPI
import FlowConfig
import FlowCore
import FlowStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Slack's interactive payload: the fields flowd reads from a `block_actions` button press.
struct SlackInteraction: Decodable {
    struct SlackUser: Decodable { var id: String }
    struct SlackAction: Decodable { var value: String? }
    var type: String
    var user: SlackUser
    var actions: [SlackAction]
    /// Where Slack takes the answer: an update of the message, or a reply only the presser sees.
    var responseURL: String?

    enum CodingKeys: String, CodingKey {
        case type, user, actions
        case responseURL = "response_url"
    }
}

/// What a webhook asked for, once verified and parsed.
struct WebhookIntent: Sendable {
    var draft: Int64
    var action: String
    var senderActor: String?
    var body: ActionRequest
    var responseURL: String? = nil
}

/// Queues a Slack source's answer to one button press in the outbox, to the interaction's `response_url` when
/// it lies under the source's `response_url_prefix`; Slack's retries of the press do not repeat it.
struct SlackReplier: Sendable {
    let engine: Engine
    let source: WebhookSource
    let intent: WebhookIntent

    func send(_ message: JSONValue, event: Int64 = 0) async {
        guard let sink = source.replySink, let url = intent.responseURL, url.hasPrefix(source.responseURLPrefix)
        else { return }
        do {
            try await engine.store.enqueueReply(
                sink: sink.name, type: "slack.reply", draftID: intent.draft, eventID: event, payload: message.text,
                target: url, at: engine.time.now())
            engine.outboxNudge.signal()
        } catch {
            engine.logger.critical(
                "cannot queue a Slack reply", metadata: ["draft": "\(intent.draft)", "error": "\(error)"])
        }
    }
}

/// Inbound webhooks on TCP: off unless `[webhooks] listen` is set.
struct WebhookServer: Service {
    let engine: Engine
    let config: WebhookConfig
    let logger: Logger
    var onRunning: @Sendable () -> Void = {}

    func run() async throws {
        let router = Router(context: PublicContext.self)
        let engine = engine
        let timeout = config.requestTimeout
        let startLimit = config.maxBodyBytes
        // Read per request, so that a reload's max_body_bytes applies at once.
        @Sendable func bodyLimit() -> Int { engine.config.webhooks?.maxBodyBytes ?? startLimit }
        let site = ReviewSite.load(from: ReviewSite.templateDirectories, engine: engine, logger: logger)
        router.get("r/:token") { request, context -> Response in
            let started = ContinuousClock.now
            guard let site else { return Response(status: .serviceUnavailable) }
            return try await site.show(
                context.parameters.get("token") ?? "", done: request.uri.queryParameters["done"].map(String.init),
                acceptLanguage: request.headers[.acceptLanguage], address: engine.clientAddress(request, context),
                started: started)
        }
        router.post("r/:token") { request, context -> Response in
            let started = ContinuousClock.now
            guard let site else { return Response(status: .serviceUnavailable) }
            let limit = bodyLimit()
            let language = PageLanguage.choose(user: nil, client: nil, acceptLanguage: request.headers[.acceptLanguage])
            let tooLarge = ReviewSite.tooLarge(limit: limit, language: language)
            if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
                return await site.status(tooLarge, since: started)
            }
            let body: ByteBuffer
            do {
                var request = request
                body = try await request.collectBody(upTo: limit)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                return await site.status(tooLarge, since: started)
            }
            return try await site.decide(
                context.parameters.get("token") ?? "", form: ReviewSite.form(body), origin: request.headers[.origin],
                acceptLanguage: request.headers[.acceptLanguage], address: engine.clientAddress(request, context),
                started: started)
        }
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
        // The lane's route (`WebhookActions`), here for Slack sources and the forms of HTTP the lane does not read.
        router.post("hooks/:source") { request, context -> Response in
            let name = context.parameters.get("source") ?? ""
            let limit = bodyLimit()
            // Oversized bodies are refused before any HMAC work, from the declared length when there is one.
            if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
                return WebhookActions.tooLarge(limit: limit).response
            }
            let body: ByteBuffer
            do {
                var request = request
                body = try await request.collectBody(upTo: limit)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                return WebhookActions.tooLarge(limit: limit).response
            } catch {
                // `RequestDeadline` closed the connection: nobody reads this answer.
                return JSONResponse.error(.invalidRequest, "request body too slow", status: 408)
            }
            let headers = request.headers
            let (status, data) = await engine.webhook(
                source: name,
                header: { name in HTTPField.Name(name).flatMap { headers[$0] } },
                body: Array(body.readableBytesView), address: engine.clientAddress(request, context))
            let known = engine.config.webhooks?.sources[name] != nil
            return WebhookActions.answer(status, data, source: name, known: known, engine).response
        }
        let logger = logger
        let config = config
        let onRunning = onRunning
        try await http1Server(
            address: .hostname(config.host, port: config.port), idleTimeout: .seconds(timeout.seconds),
            maxConnections: config.maxConnections,
            responder: router.buildResponder(),
            lane: WebhookActions(engine: engine, startLimit: startLimit),
            handlers: { [RequestDeadline(timeout: .seconds(timeout.seconds))] }, logger: logger,
            onRunning: {
                logger.notice("webhooks listening", metadata: ["address": "\(config.host):\(config.port)"])
                onRunning()
            }
        ).run()
    }
}
