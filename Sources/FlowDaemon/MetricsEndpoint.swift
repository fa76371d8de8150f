import FlowAPI
import FlowConfig
import FlowCore
import FlowStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

extension Engine {
    /// The Prometheus text exposition. It names every client and counts their drafts, so on the control socket
    /// it is for those whose scope is every client: not company-side users, nor an account team narrowed to some.
    func metricsText(for actor: Actor?) async throws -> [UInt8] {
        if let actor, scope(actor).only != nil {
            throw APIError(
                .forbidden, "metrics are for the agency's people who see every client, not \(actor.user.name)")
        }
        return metrics.scrape(
            drafts: try await store.countsByClientAndState(), deliveries: try await store.outboxCounts())
    }
}

enum MetricsResponse {
    static func ok(_ text: [UInt8]) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }
}

/// `GET /metrics` on TCP for Prometheus (`[metrics] listen`): off unless configured; nothing else is served.
struct MetricsServer: Service {
    let engine: Engine
    let address: ListenAddress
    let logger: Logger
    var onRunning: @Sendable () -> Void = {}

    func run() async throws {
        let router = Router(context: BasicRequestContext.self)
        let engine = engine
        router.get("metrics") { _, _ -> Response in
            do {
                return MetricsResponse.ok(try await engine.metricsText(for: nil))
            } catch {
                engine.logger.error("metrics scrape failed", metadata: ["error": "\(error)"])
                return Response(status: .serviceUnavailable)
            }
        }
        let onRunning = onRunning
        try await http1Server(
            address: .hostname(address.host, port: address.port), idleTimeout: .seconds(30), maxConnections: 16,
            responder: router.buildResponder(), logger: logger, onRunning: { onRunning() }
        ).run()
    }
}
