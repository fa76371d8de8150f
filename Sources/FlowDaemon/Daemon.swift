import FlowAPI
public import FlowConfig
import FlowStore
import Foundation
import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
    import Glibc
#endif

/// Builds and runs every service of flowd until a graceful shutdown.
public enum Daemon {
    public static func run(config: DaemonConfig, logger: Logger, logLevel: LogLevelDial? = nil) async throws {
        for path in [config.socket, config.database] {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // The database first: a second flowd on the same database is refused before it touches the socket.
        let locks = [try InstanceLock(database: config.database), try InstanceLock(socket: config.socket)]
        defer { withExtendedLifetime(locks) {} }
        let linkKey = try LinkKeyFile.load(config.linkKey)
        let store: Store
        do {
            store = try Store(path: config.database, linkKey: linkKey)
        } catch {
            throw StartupError("cannot open database \(config.database): \(error)")
        }
        let engine = Engine(config: config, store: store, logger: logger)
        try MediaFiles(database: config.database).clearTemporary(logger)
        for warning in config.warnings { logger.warning("config", metadata: ["problem": "\(warning)"]) }
        let systemd = SystemdNotifier()
        // READY=1 only once the database is open and migrated (above) and every listener is bound.
        let readiness = Readiness(
            listeners: 1 + (config.webhooks == nil ? 0 : 1) + (config.metricsListen == nil ? 0 : 1)
        ) {
            systemd.send("READY=1\nSTATUS=\(engine.statusLine)")
            logger.notice(
                "ready",
                metadata: [
                    "socket": "\(config.socket)", "database": "\(config.database)", "version": "\(Engine.version)",
                ])
        }
        // The socket must never exist with wider permissions than 0660, not even briefly: umask before bind.
        let oldMask = umask(0o117)
        let control = ControlServer(
            socket: config.socket, engine: engine,
            responder: ControlRoutes.router(engine: engine, logger: logger).buildResponder(),
            logger: quieter(logger),
            onRunning: {
                umask(oldMask)
                // Handing the socket to its group only ever narrows access (0660, flowd's group → socket_group).
                if let group = config.socketGroup, chown(config.socket, uid_t.max, group) != 0 {
                    logger.error(
                        "cannot give the socket to its group",
                        metadata: ["group": "\(group)", "error": "\(String(cString: strerror(errno)))"])
                }
                readiness.listenerBound()
            })
        let escalator = Escalator(
            engine: engine, logger: logger, heartbeatEvery: systemd.watchdogInterval,
            heartbeat: { if systemd.watchdogInterval != nil { systemd.send("WATCHDOG=1") } })
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            // The feed after the control server: services stop in reverse order, and the server waits for open
            // event streams, which the feed ends when it stops.
            .init(service: control), .init(service: EventFeedService(feed: engine.feed, logger: logger)),
            .init(service: escalator),
            .init(service: Notifier(engine: engine, logger: logger)),
            .init(service: DigestService(engine: engine, logger: logger)),
            .init(service: RetentionService(engine: engine, logger: logger)),
            .init(service: Reloader(engine: engine, systemd: systemd, logLevel: logLevel, logger: logger)),
            .init(service: ShutdownAnnouncer(systemd: systemd)),
        ]
        if let hooks = config.webhooks {
            services.append(
                .init(
                    service: PublicServer(
                        engine: engine, config: hooks, logger: quieter(logger), onRunning: readiness.listenerBound)))
        }
        if let address = config.metricsListen {
            services.append(
                .init(
                    service: MetricsServer(
                        engine: engine, address: address, logger: quieter(logger), onRunning: readiness.listenerBound)))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint], logger: quieter(logger)))
        try await group.run()
        logger.notice("stopped")
    }

    /// Hummingbird and ServiceLifecycle log per request at info; keep them below flowd's own notices.
    private static func quieter(_ logger: Logger) -> Logger {
        var copy = logger
        if copy.logLevel < .warning { copy.logLevel = .warning }
        return copy
    }
}

/// An HTTP/1 server built from HummingbirdCore directly rather than `Application`, whose run loop adds a
/// Date-header cache that wakes the process every second; an idle flowd should not wake at all. Both the control
/// socket and the webhook listener use it.
func http1Server<Context: RequestContext>(
    address: BindAddress, idleTimeout: TimeAmount, maxConnections: Int? = nil, responder: RouterResponder<Context>,
    directRoute: (any DirectRoute)? = nil, handlers: @escaping @Sendable () -> [any RemovableChannelHandler] = { [] },
    logger: Logger, onRunning: @escaping @Sendable () async -> Void
) throws -> any Service where Context.Source == ApplicationRequestContextSource {
    let builder = HTTPServerBuilder { respond in
        // Hummingbird puts `handlers` right after the HTTP codec, on the router's path.
        let configuration = HTTP1Channel.Configuration(additionalChannelHandlers: handlers(), idleTimeout: idleTimeout)
        let http1 = FileBodyChannel(http1: HTTP1Channel(responder: respond, configuration: configuration))
        guard let directRoute else { return http1 }
        return DirectRouteChannel(http1: http1, route: directRoute, idleTimeout: idleTimeout)
    }
    // At the limit the listener stops accepting; further connections wait in the kernel's backlog.
    return try builder.buildServer(
        configuration: ServerConfiguration(
            address: address, serverName: "flowd",
            availableConnectionsDelegate: maxConnections.map { MaximumAvailableConnections($0) }),
        eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger,
        responder: { request, writer, channel in
            let context = Context(source: .init(channel: channel, logger: logger))
            var response: Response
            do {
                response = try await responder.respond(to: request, context: context)
            } catch let error as HTTPError {
                // Hummingbird's own refusals (no such route, bad framing) keep their status in our envelope.
                let status = Int(error.status.code)
                response = JSONResponse.error(
                    status == 404 ? .notFound : .invalidRequest, "\(error.status)", status: status)
            } catch {
                // Every route answers its own errors; reaching here is a bug in flowd.
                logger.critical("unanswered error", metadata: ["error": "\(error)"])
                response = JSONResponse.error(.internalError, "internal error; see the flowd log")
            }
            try await writer.write(response: response.head, body: response.body)
        },
        onServerRunning: { _ in await onRunning() })
}
