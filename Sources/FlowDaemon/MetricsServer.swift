import FlowConfig
import FlowCore
import FlowStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

enum MetricsResponse {
    /// A refused scrape learns only that a bearer token is wanted: no body, no hint which part was wrong.
    static var unauthorized: Response {
        Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer"])
    }

    static func ok(_ text: [UInt8]) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }
}

/// `GET /metrics` on TCP for Prometheus (`[metrics] listen`): off unless configured; nothing else is served, and
/// only to a scrape that presents the configured bearer token. On TCP the peer is anyone on the machine (or
/// beyond), where the socket's peer credentials would have named the caller.
struct MetricsServer: Service {
    let engine: Engine
    let address: ListenAddress
    let logger: Logger
    var onRunning: @Sendable () -> Void = {}

    func run() async throws {
        let router = Router(context: BasicRequestContext.self)
        let engine = engine
        router.get("metrics") { request, _ -> Response in
            // Read per request: a reload may rotate the token. No token in force refuses everything.
            let token = engine.configured { $0.metricsToken }
            guard token?.accepts(authorization: request.headers[.authorization]) == true else {
                return MetricsResponse.unauthorized
            }
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
