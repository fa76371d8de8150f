import FlowAPI
import FlowConfig
import FlowCore
import Foundation
import HTTPTypes
import NIOCore
import Synchronization

/// Signed webhooks (`POST /hooks/SOURCE`) answered by `DirectRouteHandler`: verified, parsed and queued for the store's writer
/// on the connection's event loop, by `WebhookAnswers.plan` as on the router's path, answered by `answer` below as
/// there.
///
/// The router declares the route too: Slack sources are its, because their answers also queue replies and read
/// the draft, which are store calls of their own that the direct route, answering from the commit's completion with no
/// task, does not wait for; so are sources with `media_from`, whose deliveries may wait for a fetch; and so are the forms of HTTP/1 the direct route does not read (see `DraftActionDirectRoute`) and
/// percent-encoded names, which the router decodes.
struct WebhookDirectRoute: DirectRoute {
    let engine: Engine
    let startLimit: Int

    func match(_ head: DirectRequestHead) -> (name: String, known: Bool)? {
        guard head.path.hasPrefix("/hooks/") else { return nil }
        let name = String(head.path.dropFirst("/hooks/".count))
        // Byte by byte: `contains` with a string argument is Foundation's, a search through NSString.
        guard !name.isEmpty,
            !name.utf8.contains(where: {
                $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "%")
            })
        else { return nil }
        guard let source = engine.config.webhooks?.sources[name] else { return (name, false) }
        return source.scheme == .slack || !source.mediaFrom.isEmpty ? nil : (name, true)
    }

    func bodyLimit() -> Int { engine.config.webhooks?.maxBodyBytes ?? startLimit }

    func respond(
        _ taken: DirectRequest, matched: (name: String, known: Bool), channel: any Channel,
        answer: @escaping DirectRouteHandler.Answer
    ) {
        let engine = engine
        let (name, known) = matched
        if taken.overLimit {
            let limit = bodyLimit()
            answer { Self.tooLarge(limit: limit) }
            return
        }
        let head = taken.head
        let address = engine.clientAddress(peer: channel.remoteAddress, forwardedFor: head.field("X-Forwarded-For"))
        let plan = WebhookAnswers.plan(
            engine, source: name, header: { head.field($0) },
            body: Array(taken.body.readableBytesView),
            address: address)
        switch plan {
        case .reply(let status, let data):
            answer { Self.answer(status, data, source: name, known: known, engine) }
        case .away:
            // Slack sources are the router's: only a reload between `match` and here brings one.
            let data = JSONResponse.errorData(
                .internalError, "source \(name) changed while this was read; send it again")
            answer { Self.answer(503, data, source: name, known: known, engine) }
        case .act(let act) where act.medium != nil:
            // Only when a reload gave the source media_from after `match` sent the request here: the fetch is the
            // router's, so the sender is asked to send again.
            let data = JSONResponse.errorData(
                .internalError, "source \(name) changed while this was read; send it again")
            answer { Self.answer(503, data, source: name, known: known, engine) }
        case .act(let act):
            let request: Request
            do {
                request = try act.intent.body.request(for: act.intent.action)
            } catch {
                let (status, data) = WebhookAnswers.answer(.failure(error), source: name, engine)
                answer { Self.answer(status, data, source: name, known: known, engine) }
                return
            }
            let receipt = (source: act.source, id: act.deliveryID)
            engine.submit(
                request, on: act.intent.draft, by: Actor(user: act.user, via: "webhook:\(act.source)"),
                receipt: receipt,
                here: taken.commitHere
            ) { transition, outcome in
                answer {
                    let result = Result { engine.once(try engine.finish(transition, outcome), receipt: receipt) }
                    let (status, data) = WebhookAnswers.answer(result, source: name, engine)
                    return Self.answer(status, data, source: name, known: known, engine)
                }
            }
        }
    }

    /// A delivery's answer, counted by source (an unknown one as "unknown"); 429 says when to try again.
    static func answer(_ status: Int, _ data: Data, source: String, known: Bool, _ engine: Engine) -> DirectResponse {
        engine.metrics.webhook(source: known ? source : "unknown", status: status)
        var fields: HTTPFields = [:]
        if status == 429 { fields[.retryAfter] = "\(Int(engine.publicFailures.withLock { $0.window }))" }
        return DirectResponse(status: status, fields: fields, body: ByteBuffer(bytes: data))
    }

    /// A body over the limit, refused before any HMAC work and not counted.
    static func tooLarge(limit: Int) -> DirectResponse {
        DirectResponse(status: 413, body: JSONResponse.errorBody(.payloadTooLarge, "body over \(limit) bytes"))
    }
}
