import FlowConfig
import FlowCore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// flowd's public TCP listener, off unless `[webhooks] listen` is set: signed webhooks (`WebhookRoutes`, and the direct route
/// `WebhookDirectRoute`), the client's review pages (`ReviewPageRoutes`) and calendar feeds (`CalendarFeedRoutes`).
struct PublicServer: Service {
    let engine: Engine
    let config: PublicServerConfig
    let logger: Logger
    var onRunning: @Sendable () -> Void = {}

    func run() async throws {
        let router = Router(context: PublicContext.self)
        let engine = engine
        let startLimit = config.maxBodyBytes
        // Read per request, so that a reload's max_body_bytes applies at once.
        let bodyLimit: @Sendable () -> Int = { engine.config.webhooks?.maxBodyBytes ?? startLimit }
        let site = ReviewSite.load(from: ReviewSite.templateDirectories, engine: engine, logger: logger)
        ReviewPageRoutes(engine: engine, site: site, bodyLimit: bodyLimit).addRoutes(to: router)
        CalendarFeedRoutes(engine: engine, site: site).addRoutes(to: router)
        let fetcher = MediaFetcher()
        WebhookRoutes(engine: engine, bodyLimit: bodyLimit, fetcher: fetcher).addRoutes(to: router)
        // The client outlives every request the server answers, and is shut down however the server ends.
        do {
            try await serve(router, startLimit: startLimit)
        } catch {
            await fetcher.shutdown()
            throw error
        }
        await fetcher.shutdown()
    }

    private func serve(_ router: Router<PublicContext>, startLimit: Int) async throws {
        let (engine, logger, config, onRunning) = (engine, logger, config, onRunning)
        let timeout = config.requestTimeout
        try await http1Server(
            address: .hostname(config.host, port: config.port), idleTimeout: .seconds(timeout.seconds),
            maxConnections: config.maxConnections,
            responder: router.buildResponder(),
            directRoute: WebhookDirectRoute(engine: engine, startLimit: startLimit),
            handlers: { [RequestDeadline(timeout: .seconds(timeout.seconds))] }, logger: logger,
            onRunning: {
                logger.notice("webhooks listening", metadata: ["address": "\(config.host):\(config.port)"])
                onRunning()
            }
        ).run()
    }
}
