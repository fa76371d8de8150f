import FlowConfig
import FlowCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

#if canImport(Glibc)
    import Glibc
#endif

/// sd_notify without libsystemd: one datagram per message to `$NOTIFY_SOCKET` (a path, or `@name` for the
/// abstract namespace). Without the variable every call is a no-op, so flowd runs the same outside systemd.
public final class SystemdNotifier: Sendable {
    let socketPath: String?
    /// Half of `WatchdogSec=`, when systemd asked this process for pings.
    public let watchdogInterval: Double?

    public convenience init() { self.init(environment: ProcessInfo.processInfo.environment) }

    public init(environment: [String: String]) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if forUs, let usec = environment["WATCHDOG_USEC"].flatMap(Double.init), usec > 0 {
            watchdogInterval = usec / 2_000_000
        } else {
            watchdogInterval = nil
        }
    }

    public var isActive: Bool { socketPath != nil }

    /// Sends `text` (lines like `READY=1`); failures are ignored, as sd_notify's are.
    public func send(_ text: String) {
        guard let socketPath else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        // An abstract socket name starts with a NUL byte instead of the '@' systemd writes.
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in pathBytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count)
        let payload = Array(text.utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                sendto(fd, payload, payload.count, Int32(MSG_NOSIGNAL), sockaddrPointer, length)
            }
        }
    }
}

/// Counts listeners down to ready: `READY=1` goes out only once every one of them is bound.
final class Readiness: Sendable {
    private let remaining: Mutex<Int>
    private let onReady: @Sendable () -> Void

    init(listeners: Int, onReady: @escaping @Sendable () -> Void) {
        remaining = Mutex(listeners)
        self.onReady = onReady
    }

    func listenerBound() {
        let ready = remaining.withLock { count -> Bool in
            count -= 1
            return count == 0
        }
        if ready { onReady() }
    }
}

/// Reloads config.toml on SIGHUP: a file with errors is logged and ignored (the old configuration stays); a good
/// one replaces users, clients, policies and sinks at once. Settings that need a restart are named.
struct Reloader: Service {
    let engine: Engine
    let systemd: SystemdNotifier
    let logLevel: LogLevelDial?
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            await reload()
        }
    }

    func reload() async {
        let old = engine.config
        systemd.send("RELOADING=1\nSTATUS=reloading \(old.path)")
        defer { systemd.send("READY=1\nSTATUS=\(engine.statusLine)") }
        let new: DaemonConfig
        do {
            new = try ConfigLoader.load(path: old.path)
        } catch {
            for issue in error.issues {
                logger.error("reload refused; the running configuration stays", metadata: ["problem": "\(issue)"])
            }
            return
        }
        for warning in new.warnings { logger.warning("config", metadata: ["problem": "\(warning)"]) }
        let needsRestart = Self.startOnly.filter { $0.changed(old, new) }.map(\.key)
        var applied = new
        // Where the daemon listens and what it opened cannot change under it; everything else takes effect.
        applied.socket = old.socket
        applied.database = old.database
        if let hooks = old.webhooks, needsRestart.contains(where: { $0.hasPrefix("webhooks.") }) {
            applied.webhooks?.host = hooks.host
            applied.webhooks?.port = hooks.port
            applied.webhooks?.requestTimeout = hooks.requestTimeout
            applied.webhooks?.maxConnections = hooks.maxConnections
        }
        if old.webhooks == nil {
            // A listener the file adds starts at the next restart (its warning says so).
            applied.webhooks = nil
        } else if new.webhooks == nil {
            // The listener runs until the restart, but a source the file no longer has stops now: taking
            // [webhooks] out is how an operator cuts every sender off, and their secrets with them.
            applied.webhooks = old.webhooks
            applied.webhooks?.sources = [:]
        }
        await engine.reload(applied)
        if new.socketGroup != old.socketGroup {
            // Handing the socket to another group narrows or moves access; it stays 0660 either way.
            let group = new.socketGroup ?? getegid()
            if chown(old.socket, uid_t.max, group) != 0 {
                logger.error(
                    "cannot give the socket to its group",
                    metadata: ["group": "\(group)", "error": "\(String(cString: strerror(errno)))"])
            }
        }
        // The file's log level, unless --log-level pinned the dial.
        let wanted = logLevel.flatMap { $0.pinned ? nil : Logger.Level(rawValue: new.logLevel) }
        let level =
            wanted.map { "\($0)" }
            ?? "\(logLevel?.level ?? logger.logLevel)\(logLevel?.pinned == true ? " (set by --log-level)" : "")"
        logger.notice(
            "configuration reloaded",
            metadata: [
                "users": "\(applied.users.count)", "clients": "\(applied.directory.clients.count)",
                "sinks": "\(applied.sinks.count)", "log_level": "\(level)",
            ])
        if !needsRestart.isEmpty {
            logger.warning(
                "these settings take effect at the next restart",
                metadata: ["settings": "\(needsRestart.joined(separator: ", "))"])
        }
        // Last, so that the reload's own lines are written at the level that was in force when it began.
        if let wanted { logLevel?.level = wanted }
    }

    /// Settings read once at start: a reload that changes one names it instead of silently ignoring it.
    /// Everything else (users, clients, lanes, sinks, limits, links, digest, socket_group, log_level) applies.
    static let startOnly: [(key: String, changed: @Sendable (DaemonConfig, DaemonConfig) -> Bool)] = [
        ("daemon.socket", { $0.socket != $1.socket }),
        ("daemon.database", { $0.database != $1.database }),
        (
            "webhooks.listen",
            { $0.webhooks?.host != $1.webhooks?.host || $0.webhooks?.port != $1.webhooks?.port }
        ),
        ("metrics.listen", { $0.metricsListen != $1.metricsListen }),
        (
            "webhooks.max_connections",
            { $0.webhooks != nil && $1.webhooks != nil && $0.webhooks?.maxConnections != $1.webhooks?.maxConnections }
        ),
        (
            "webhooks.request_timeout",
            { $0.webhooks != nil && $1.webhooks != nil && $0.webhooks?.requestTimeout != $1.webhooks?.requestTimeout }
        ),
    ]
}

/// Sends `STOPPING=1` as soon as a graceful shutdown begins.
struct ShutdownAnnouncer: Service {
    let systemd: SystemdNotifier

    func run() async throws {
        try? await gracefulShutdown()
        systemd.send("STOPPING=1\nSTATUS=stopping")
    }
}
