import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The control API's HTTP/1 server on the Unix socket: actions on drafts on the direct route (`DraftActionDirectRoute`), the rest
/// on the router (`ControlRoutes`).
struct ControlServer: Service {
    let socket: String
    let engine: Engine
    let responder: RouterResponder<ControlContext>
    let logger: Logger
    let onRunning: @Sendable () async -> Void

    func run() async throws {
        try await http1Server(
            address: .unixDomainSocket(path: socket), idleTimeout: .seconds(30), responder: responder,
            directRoute: DraftActionDirectRoute(engine: engine), logger: logger, onRunning: onRunning
        ).run()
    }
}
