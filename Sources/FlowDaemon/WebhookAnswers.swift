import Crypto
import FlowAPI
import FlowConfig
public import FlowCore
import FlowRender
import FlowStore
import Foundation
import Logging
import Synchronization

/// `POST /hooks/<source>` answered: verify, parse, check the source's rights, transition once per delivery, and
/// say so in the HTTP status and JSON body the sender gets. The engine only runs the transition; the statuses,
/// the wire's codes and the bodies are the edge's, here.
public enum WebhookAnswers {
    /// Handles a delivery on the router's path. Returns the HTTP status and JSON body; bad input never yields a
    /// 5xx.
    static func respond(
        _ engine: Engine, source name: String, header: (String) -> String?, body: [UInt8], address: String = "local",
        fetcher: MediaFetcher? = nil
    ) async -> (Int, Data) {
        let act: AuthorizedWebhook
        switch plan(engine, source: name, header: header, body: body, address: address) {
        case .reply(let status, let data): return (status, data)
        case .away(let away): return await goAway(away, engine)
        case .act(let planned): act = planned
        }
        if let medium = act.medium { return await attachFetched(medium, for: act, engine, fetcher: fetcher) }
        // A Slack button must name the revision it was made for, so that an old message never approves a newer one.
        if act.scheme == .slack, act.intent.body.revision == nil,
            act.action == .approve || act.action == .requestChanges
        {
            await act.slack.send(SlackReply.changedSince(revision: nil, language: act.language))
            return reply(409, .staleRevision, "this button names no revision: only newer messages can decide")
        }
        do {
            let (outcome, duplicate) = try await engine.actOnce(
                try act.intent.body.request(for: act.intent.action), on: act.intent.draft,
                by: Actor(user: act.user, via: "webhook:\(act.source)"), receipt: (act.source, act.deliveryID))
            if !duplicate, act.scheme == .slack, let draft = try? await engine.storedDraft(act.intent.draft) {
                let zone = engine.config.directory.clients[draft.client]?.timeZone
                await act.slack.send(
                    SlackReply.decided(
                        EventKind(act.action), by: act.user.name, draft: draft, at: engine.time.now(), zone: zone,
                        language: act.language),
                    event: outcome.event ?? 0)
            }
            return answer(.success((outcome, duplicate)), source: act.source, engine)
        } catch {
            if act.scheme == .slack, let (code, message) = ErrorAnswer.wire(error) {
                let current = try? await engine.storedDraft(act.intent.draft)
                await act.slack.send(
                    code == .staleRevision
                        ? SlackReply.changedSince(revision: current?.revision, language: act.language)
                        : SlackReply.onlyYou(TextEscaping.slack(message)))
            }
            return answer(.failure(error), source: act.source, engine)
        }
    }

    /// The status and body for a delivery's transition, or for its failure.
    static func answer(
        _ result: Result<(outcome: DeliveryOutcome, duplicate: Bool), any Error>, source: String, _ engine: Engine
    ) -> (Int, Data) {
        switch result {
        case .success(let (outcome, duplicate)):
            let answer = WebhookOutcomeView(duplicate: duplicate, outcome)
            return (200, Data(answer.jsonBytes))
        case .failure(let error):
            if let (code, message) = ErrorAnswer.wire(error) { return reply(code.httpStatus, code, message) }
            engine.logger.critical("webhook failed", metadata: ["source": "\(source)", "error": "\(error)"])
            return reply(500, .internalError, "internal error; see the flowd log")
        }
    }

    /// Everything about a delivery that needs no store: the source, the address's failures, the signature, the
    /// payload, the source's rights and the acting person. Runs on any thread, without suspending.
    static func plan(
        _ engine: Engine, source name: String, header: (String) -> String?, body: [UInt8], address: String
    ) -> WebhookPlan {
        let config = engine.config
        guard let hooks = config.webhooks, let source = hooks.sources[name] else {
            return .reply(404, JSONResponse.errorData(.notFound, "no webhook source \(quoted(name))"))
        }
        let now = engine.time.now()
        if let until = engine.publicFailures.withLock({
            $0.refusedUntil(address: address, kind: FailedAttempts.webhook(name), now: now)
        }) {
            let seconds = Int(until.timeIntervalSince(now).rounded(.up))
            return .reply(
                429,
                JSONResponse.errorData(
                    .tooManyRequests,
                    "too many failed signatures from this address to this source; retry in \(seconds) s"))
        }
        let verified: VerifiedDelivery
        switch WebhookVerifier.verify(
            scheme: source.scheme, header: header, body: body, secrets: source.secrets, now: now)
        {
        case .success(let delivery): verified = delivery
        case .failure(let failure):
            refused(engine, source: name, reason: failure.reason, address: address, now: now)
            return .reply(401, JSONResponse.errorData(.unauthorized, "signature verification failed"))
        }
        let intent: WebhookIntent
        do {
            intent = try parseIntent(scheme: source.scheme, body: body)
        } catch let refusal where refusal.code == .invalidRequest {
            // A signed body with a key no webhook has: the sender's mistake, said plainly.
            return .reply(400, JSONResponse.errorData(.invalidRequest, refusal.message))
        } catch {
            refused(engine, source: name, reason: "unreadable payload", address: address, now: now)
            return .reply(401, JSONResponse.errorData(.unauthorized, "signature verification failed"))
        }
        if let absence = planAway(engine, intent, source: source, name: name) { return absence }
        guard let action = Action(rawValue: intent.action), source.actions.contains(action) else {
            return .reply(403, JSONResponse.errorData(.forbidden, "source \(name) may not \(quoted(intent.action))"))
        }
        let medium: WebhookMedium?
        do {
            medium = try WebhookMedium.checked(intent, action: action, source: source)
        } catch {
            return .reply(
                ErrorCode(error.code).httpStatus, JSONResponse.errorData(ErrorCode(error.code), error.message))
        }
        guard let (user, language) = person(intent, source: source, config: config) else {
            return .reply(
                403,
                JSONResponse.errorData(
                    .forbidden, "source \(name) may not act for \(quoted(intent.senderActor ?? "nobody"))"))
        }
        // Without a signed timestamp (the GitHub scheme signs the body alone) a captured request stays valid
        // forever, so it must at least not be able to decide on a revision it did not name.
        if source.scheme == .github, intent.body.revision == nil, action == .approve || action == .publish {
            return .reply(
                400,
                JSONResponse.errorData(
                    .invalidRequest,
                    "source \(name) signs no timestamp: \(action.rawValue) must name the revision it is for"))
        }
        // Slack has no delivery id; the signed timestamp and body identify a delivery (retries repeat both).
        // GitHub's delivery id is not signed: a replay with a fresh one would act again, so the signed body is
        // the delivery (the same body twice is one delivery, whatever the id says).
        let deliveryID =
            source.scheme == .github
            ? DeliveryReceipt.signedBodyPrefix + hex(SHA256.hash(data: body))
            : verified.deliveryID
                ?? hex(SHA256.hash(data: Array("\(verified.timestamp?.timeIntervalSince1970 ?? 0):".utf8) + body))
        return .act(
            AuthorizedWebhook(
                source: name, scheme: source.scheme, intent: intent, action: action, user: user, language: language,
                deliveryID: deliveryID, slack: SlackReplier(engine: engine, source: source, intent: intent),
                medium: medium))
    }

    /// The plan for a Slack press on an "I'm away" input or button; nil for any other delivery. Saying one is away is
    /// no action on the draft: a source that may decide for its people may carry it.
    private static func planAway(_ engine: Engine, _ intent: WebhookIntent, source: WebhookSource, name: String)
        -> WebhookPlan?
    {
        if intent.action == SlackMessage.inputAction { return .reply(200, Data("{}".utf8)) }
        guard let away = intent.away else { return nil }
        guard source.actions.contains(.approve) || source.actions.contains(.requestChanges) else {
            return .reply(403, JSONResponse.errorData(.forbidden, "source \(name) may not set absences"))
        }
        guard let (user, language) = person(intent, source: source, config: engine.config) else {
            return .reply(
                403,
                JSONResponse.errorData(
                    .forbidden, "source \(name) may not act for \(quoted(intent.senderActor ?? "nobody"))"))
        }
        return .away(
            AuthorizedAway(
                source: name, user: user, language: language, away: away,
                slack: SlackReplier(engine: engine, source: source, intent: intent)))
    }

    /// Whom a delivery acts as (`actingUser`), and the language their answers speak.
    private static func person(_ intent: WebhookIntent, source: WebhookSource, config: DaemonConfig) -> (
        User, PageLanguage
    )? {
        guard let user = actingUser(intent, source: source, config: config) else { return nil }
        let language = PageLanguage.choose(
            user: user.locale, client: config.directory.clients.values.first { $0.lists(user.name) }?.locale,
            acceptLanguage: nil)
        return (user, language)
    }

    /// Whom a delivery acts as: the sender's actor as the source maps it (a Slack user also by `slack_id`), or the
    /// source's own actor when it names none.
    private static func actingUser(_ intent: WebhookIntent, source: WebhookSource, config: DaemonConfig) -> User? {
        let name: String?
        if let sender = intent.senderActor {
            name = source.actors[sender] ?? (source.scheme == .slack ? config.user(slackID: sender)?.name : nil)
        } else {
            name = source.actor
        }
        return name.flatMap { config.user(named: $0) }
    }

    /// Counts a failed check against the address at this source and logs it, at most one line per source per
    /// minute.
    private static func refused(_ engine: Engine, source: String, reason: String, address: String, now: Date) {
        let action = engine.publicFailures.withLock {
            $0.failed(address: address, kind: FailedAttempts.webhook(source), now: now)
        }
        if case .log(let count) = action {
            engine.logger.error(
                "webhook refused",
                metadata: [
                    "source": "\(source)", "reason": "\(reason)", "address": "\(address)", "failures": "\(count)",
                ])
        }
    }

    private static func reply(_ status: Int, _ code: ErrorCode, _ message: String) -> (Int, Data) {
        (status, JSONResponse.errorData(code, message))
    }

    /// The draft and action a webhook body asks for, if it can be read; the fuzzers feed it arbitrary bytes.
    public static func webhookRequest(scheme: SignatureScheme, body: [UInt8]) -> (draft: Int64, action: String)? {
        (try? parseIntent(scheme: scheme, body: body)).map { ($0.draft, $0.action) }
    }

    /// What the body asks for; an unknown key is `invalid_request`, anything else unreadable `bad_json`.
    static func parseIntent(scheme: SignatureScheme, body: [UInt8]) throws(WireDecodingError) -> WebhookIntent {
        switch scheme {
        case .standard, .github:
            let command = try WebhookBody(jsonData: Data(body))
            return WebhookIntent(
                draft: command.draft, action: command.action, senderActor: command.actor,
                body: ActionRequest(
                    revision: command.revision, message: command.message, url: command.url,
                    externalId: command.externalId, contentHash: command.contentHash, until: command.until),
                mediaURL: command.mediaUrl, alt: command.alt, position: command.position)
        case .slack:
            let unreadable = WireDecodingError.malformed("not a Slack button press")
            guard let payload = (try? FormFields.parse(body))?["payload"],
                let interaction = try? JSONDecoder().decode(SlackInteraction.self, from: Data(payload.utf8)),
                interaction.type == "block_actions", let pressed = interaction.actions.first
            else { throw unreadable }
            // Picking the day or the stand-in of "I'm away" reaches flowd too; the button press carries both.
            guard let value = pressed.value else {
                guard interaction.isAwayInput else { throw unreadable }
                return WebhookIntent(
                    draft: 0, action: SlackMessage.inputAction, senderActor: interaction.user.id, body: ActionRequest())
            }
            // `action:draft:revision`; a button without the revision is from before buttons carried it.
            let parts = value.split(separator: ":", maxSplits: 2).map(String.init)
            guard parts.count >= 2, let draft = Int64(parts[1]) else { throw unreadable }
            let revision = parts.count == 3 ? Int(parts[2]) : nil
            if parts.count == 3 && revision == nil { throw unreadable }
            let message = parts[0] == Action.requestChanges.rawValue ? "requested from Slack" : nil
            return WebhookIntent(
                draft: draft, action: parts[0], senderActor: interaction.user.id,
                body: ActionRequest(revision: revision, message: message), responseURL: interaction.responseURL,
                away: parts[0] == SlackMessage.awayAction ? interaction.away : nil)
        }
    }
}
