import Crypto
import FlowAPI
import FlowConfig
public import FlowCore
import FlowStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The generic JSON body of `standard` and `github` sources.
struct WebhookCommand: Decodable {
    var draft: Int64
    var action: String
    var actor: String?
    var message: String?
    var url: String?
    var externalId: String?
    var revision: Int?
    var contentHash: String?
    var until: Date?

    enum CodingKeys: String, CodingKey {
        case draft, action, actor, message, url, externalId, revision, contentHash, until
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Senders write ids as numbers or strings; both name the same draft.
        if let number = try? container.decode(Int64.self, forKey: .draft) {
            draft = number
        } else {
            let text = try container.decode(String.self, forKey: .draft)
            guard let number = Int64(text) else {
                throw DecodingError.dataCorruptedError(forKey: .draft, in: container, debugDescription: "not an id")
            }
            draft = number
        }
        action = try container.decode(String.self, forKey: .action)
        actor = try container.decodeIfPresent(String.self, forKey: .actor)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        externalId = try container.decodeIfPresent(String.self, forKey: .externalId)
        revision = try container.decodeIfPresent(Int.self, forKey: .revision)
        contentHash = try container.decodeIfPresent(String.self, forKey: .contentHash)
        until = try container.decodeIfPresent(Date.self, forKey: .until)
    }
}

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
struct WebhookIntent {
    var draft: Int64
    var action: String
    var senderActor: String?
    var body: ActionRequest
    var responseURL: String? = nil
}

extension Engine {
    /// Handles `POST /hooks/<source>`: verify, parse, check the source's rights, transition once per delivery.
    /// Returns the HTTP status and JSON body; bad input never yields a 5xx.
    func webhook(source name: String, header: (String) -> String?, body: [UInt8], address: String = "local") async
        -> (Int, Data)
    {
        guard let hooks = config.webhooks, let source = hooks.sources[name] else {
            return reply(404, .notFound, "no webhook source \(quoted(name))")
        }
        let now = time.now()
        if let until = publicFailures.withLock({ $0.refusedUntil(address: address, now: now) }) {
            let seconds = Int(until.timeIntervalSince(now).rounded(.up))
            return reply(429, .tooManyRequests, "too many failed signatures from this address; retry in \(seconds) s")
        }
        let verified: VerifiedDelivery
        switch WebhookVerifier.verify(
            scheme: source.scheme, header: header, body: body, secrets: source.secrets, now: now)
        {
        case .success(let delivery): verified = delivery
        case .failure(let failure):
            refused(source: name, reason: failure.reason, address: address, now: now)
            return reply(401, .unauthorized, "signature verification failed")
        }
        guard let intent = Self.parseIntent(scheme: source.scheme, body: body) else {
            refused(source: name, reason: "unreadable payload", address: address, now: now)
            return reply(401, .unauthorized, "signature verification failed")
        }
        guard let action = Action(rawValue: intent.action), source.actions.contains(action) else {
            return reply(403, .forbidden, "source \(name) may not \(quoted(intent.action))")
        }
        let actorName: String?
        if let sender = intent.senderActor {
            actorName =
                source.actors[sender]
                ?? (source.scheme == .slack ? config.user(slackID: sender)?.name : nil)
        } else {
            actorName = source.actor
        }
        guard let actorName, let user = config.user(named: actorName) else {
            return reply(403, .forbidden, "source \(name) may not act for \(quoted(intent.senderActor ?? "nobody"))")
        }
        let language = PageLanguage.choose(
            user: user.locale, client: config.directory.clients.values.first { $0.people.contains(user.name) }?.locale,
            acceptLanguage: nil)
        let slack = SlackReplier(engine: self, source: source, intent: intent)
        // A Slack button must name the revision it was made for, so that an old message never approves a newer one.
        if source.scheme == .slack, intent.body.revision == nil, action == .approve || action == .requestChanges {
            await slack.send(SlackReply.changedSince(revision: nil, language: language))
            return reply(409, .staleRevision, "this button names no revision: only newer messages can decide")
        }
        // Without a signed timestamp (the GitHub scheme signs the body alone) a captured request stays valid
        // forever, so it must at least not be able to decide on a revision it did not name.
        if source.scheme == .github, intent.body.revision == nil, action == .approve || action == .publish {
            return reply(
                400, .invalidRequest,
                "source \(name) signs no timestamp: \(action.rawValue) must name the revision it is for")
        }
        // Slack has no delivery id; the signed timestamp and body identify a delivery (retries repeat both).
        // GitHub's delivery id is not signed: a replay with a fresh one would act again, so the signed body is
        // the delivery (the same body twice is one delivery, whatever the id says).
        let deliveryID =
            source.scheme == .github
            ? "body:" + hex(SHA256.hash(data: body))
            : verified.deliveryID
                ?? hex(SHA256.hash(data: Array("\(verified.timestamp?.timeIntervalSince1970 ?? 0):".utf8) + body))
        do {
            let (outcome, duplicate) = try await actOnce(
                intent.action, on: intent.draft, intent.body, by: Actor(user: user, via: "webhook:\(name)"),
                receipt: (name, deliveryID))
            let answer = WebhookOutcome(duplicate: duplicate, stored: outcome)
            if !duplicate, source.scheme == .slack, let draft = try? await store.draft(intent.draft) {
                let zone = config.directory.clients[draft.client]?.timeZone
                await slack.send(
                    SlackReply.decided(
                        EventKind(action), by: user.name, draft: draft, at: time.now(), zone: zone, language: language),
                    event: outcome["event"].flatMap { Int64($0) } ?? 0)
            }
            return (200, (try? JSONResponse.encoder.encode(answer)) ?? Data())
        } catch let error as APIError {
            if source.scheme == .slack {
                let current = try? await store.draft(intent.draft)
                await slack.send(
                    error.code == .staleRevision
                        ? SlackReply.changedSince(revision: current?.revision, language: language)
                        : SlackReply.onlyYou(SlackReply.escape(error.message)))
            }
            let status = error.code == .forbidden ? 403 : error.code.httpStatus
            return reply(status, error.code, error.message)
        } catch {
            logger.critical("webhook failed", metadata: ["source": "\(name)", "error": "\(error)"])
            return reply(500, .internalError, "internal error; see the flowd log")
        }
    }

    /// Counts a failed check against the address and logs it, at most one line per source per minute.
    private func refused(source: String, reason: String, address: String, now: Date) {
        let action = publicFailures.withLock { $0.failed(address: address, kind: "hooks/" + source, now: now) }
        if case .log(let count) = action {
            logger.error(
                "webhook refused",
                metadata: [
                    "source": "\(source)", "reason": "\(reason)", "address": "\(address)", "failures": "\(count)",
                ])
        }
    }

    private func reply(_ status: Int, _ code: ErrorCode, _ message: String) -> (Int, Data) {
        (status, (try? JSONResponse.encoder.encode(ErrorEnvelope(code: code, message: message))) ?? Data())
    }

    /// The draft and action a webhook body asks for, if it can be read; the fuzzers feed it arbitrary bytes.
    public static func webhookRequest(scheme: SignatureScheme, body: [UInt8]) -> (draft: Int64, action: String)? {
        parseIntent(scheme: scheme, body: body).map { ($0.draft, $0.action) }
    }

    static func parseIntent(scheme: SignatureScheme, body: [UInt8]) -> WebhookIntent? {
        switch scheme {
        case .standard, .github:
            guard let command = try? WireJSON.decoder().decode(WebhookCommand.self, from: Data(body)) else {
                return nil
            }
            return WebhookIntent(
                draft: command.draft, action: command.action, senderActor: command.actor,
                body: ActionRequest(
                    revision: command.revision, message: command.message, url: command.url,
                    externalId: command.externalId, contentHash: command.contentHash, until: command.until))
        case .slack:
            guard let form = String(validating: body, as: UTF8.self),
                let payload = formField("payload", in: form),
                let interaction = try? JSONDecoder().decode(SlackInteraction.self, from: Data(payload.utf8)),
                interaction.type == "block_actions", let value = interaction.actions.first?.value
            else { return nil }
            // `action:draft:revision`; a button without the revision is from before buttons carried it.
            let parts = value.split(separator: ":", maxSplits: 2).map(String.init)
            guard parts.count >= 2, let draft = Int64(parts[1]) else { return nil }
            let revision = parts.count == 3 ? Int(parts[2]) : nil
            if parts.count == 3 && revision == nil { return nil }
            let message = parts[0] == Action.requestChanges.rawValue ? "requested from Slack" : nil
            return WebhookIntent(
                draft: draft, action: parts[0], senderActor: interaction.user.id,
                body: ActionRequest(revision: revision, message: message), responseURL: interaction.responseURL)
        }
    }

    private static func formField(_ name: String, in form: String) -> String? {
        for pair in form.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == name else { continue }
            return parts[1].replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }
}

/// Queues a Slack source's answer to one button press in the outbox, to the interaction's `response_url` when
/// it lies under the source's `response_url_prefix`; Slack's retries of the press do not repeat it.
struct SlackReplier {
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
        let site = await ReviewSite.load(from: ReviewSite.templateDirectories, engine: engine, logger: logger)
        router.get("r/:token") { request, context -> Response in
            let started = ContinuousClock.now
            guard let site else { return Response(status: .serviceUnavailable) }
            return try await site.show(
                context.parameters.get("token") ?? "", done: request.uri.queryParameters["done"].map(String.init),
                acceptLanguage: request.headers[.acceptLanguage], address: ReviewSite.address(request, context),
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
                acceptLanguage: request.headers[.acceptLanguage], address: ReviewSite.address(request, context),
                started: started)
        }
        // One parameter name for both routes (Hummingbird's router requires it): `<token>.ics` here.
        router.get("calendar/:token") { request, context -> Response in
            guard let site else { return Response(status: .serviceUnavailable) }
            return try await site.feed(
                context.parameters.get("token") ?? "", address: ReviewSite.address(request, context))
        }
        router.get("calendar/:token/:draft") { request, context -> Response in
            let started = ContinuousClock.now
            guard let site else { return Response(status: .serviceUnavailable) }
            return try await site.preview(
                context.parameters.get("token") ?? "", draft: context.parameters.get("draft") ?? "",
                acceptLanguage: request.headers[.acceptLanguage], address: ReviewSite.address(request, context),
                started: started)
        }
        router.post("hooks/:source") { request, context -> Response in
            let name = context.parameters.get("source") ?? ""
            let limit = bodyLimit()
            // Oversized bodies are refused before any HMAC work, from the declared length when there is one.
            if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
                return JSONResponse.error(.payloadTooLarge, "body over \(limit) bytes")
            }
            let body: ByteBuffer
            do {
                var request = request
                body = try await request.collectBody(upTo: limit)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                return JSONResponse.error(.payloadTooLarge, "body over \(limit) bytes")
            } catch {
                // `RequestDeadline` closed the connection: nobody reads this answer.
                return JSONResponse.error(.invalidRequest, "request body too slow", status: 408)
            }
            let headers = request.headers
            let (status, data) = await engine.webhook(
                source: name,
                header: { name in HTTPField.Name(name).flatMap { headers[$0] } },
                body: Array(body.readableBytesView), address: ReviewSite.address(request, context))
            let known = engine.config.webhooks?.sources[name] != nil
            engine.metrics.webhook(source: known ? name : "unknown", status: status)
            var fields: HTTPFields = [.contentType: "application/json"]
            if status == 429 { fields[.retryAfter] = "\(Int(engine.publicFailures.withLock { $0.window }))" }
            return Response(
                status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        let logger = logger
        let config = config
        let onRunning = onRunning
        try await http1Server(
            address: .hostname(config.host, port: config.port), idleTimeout: .seconds(timeout.seconds),
            maxConnections: config.maxConnections,
            responder: router.buildResponder(),
            handler: { RequestDeadline(timeout: .seconds(timeout.seconds)) }, logger: logger,
            onRunning: {
                logger.notice("webhooks listening", metadata: ["address": "\(config.host):\(config.port)"])
                onRunning()
            }
        ).run()
    }
}
