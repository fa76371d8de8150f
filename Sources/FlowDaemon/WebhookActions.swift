import FlowAPI
import FlowConfig
import FlowCore
import Foundation
import HTTPTypes
import NIOCore
import Synchronization

/// Signed webhooks (`POST /hooks/SOURCE`) answered by `FastLane`: verified, parsed and queued for the store's writer
/// on the connection's event loop. Slack sources stay on the router's path: their answers also queue replies and
/// read the draft, which are store calls of their own.
struct WebhookActions: FastRoute {
    let engine: Engine
    let startLimit: Int

    func match(_ head: FastHead) -> String? {
        guard head.path.hasPrefix("/hooks/") else { return nil }
        let name = String(head.path.dropFirst("/hooks/".count))
        // Byte by byte: `contains` with a string argument is Foundation's, a search through NSString.
        guard !name.isEmpty, !name.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }),
            let source = engine.config.webhooks?.sources[name], source.scheme != .slack
        else { return nil }
        return name
    }

    func bodyLimit() -> Int { engine.config.webhooks?.maxBodyBytes ?? startLimit }

    func respond(
        _ taken: FastRequest, matched name: String, channel: any Channel, answer: @escaping FastLane.Answer
    ) {
        let engine = engine
        let head = taken.head
        let address = engine.clientAddress(peer: channel.remoteAddress, forwardedFor: head.field("X-Forwarded-For"))
        let plan = engine.webhookPlan(
            source: name, header: { head.field($0) },
            body: Array(taken.body.readableBytesView),
            address: address)
        switch plan {
        case .reply(let status, let data):
            answer { Self.answer(status, data, source: name, engine) }
        case .act(let act):
            let request: Request
            do {
                request = try engine.command(act.intent.action, act.intent.body)
            } catch {
                let (status, data) = engine.webhookAnswer(.failure(error), source: name)
                answer { Self.answer(status, data, source: name, engine) }
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
                    let (status, data) = engine.webhookAnswer(result, source: name)
                    return Self.answer(status, data, source: name, engine)
                }
            }
        }
    }

    private static func answer(_ status: Int, _ data: Data, source: String, _ engine: Engine) -> FastAnswer {
        engine.metrics.webhook(source: source, status: status)
        var fields: HTTPFields = [:]
        if status == 429 { fields[.retryAfter] = "\(Int(engine.publicFailures.withLock { $0.window }))" }
        return FastAnswer(status: status, fields: fields, body: ByteBuffer(bytes: data))
    }
}
