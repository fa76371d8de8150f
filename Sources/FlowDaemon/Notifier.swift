import AsyncHTTPClient
import FlowConfig
import FlowCore
import FlowStore
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import ServiceLifecycle
import Synchronization

/// Delivers the outbox: at most one request in flight per sink, so a slow or hanging sink holds up only itself;
/// sleeps until the next row is due or a transaction nudges it, never polls. An attempt cut short by shutdown
/// is not recorded, so its row is sent again after the restart with the same webhook-id.
public struct Notifier: Service {
    let engine: Engine
    let logger: Logger
    /// A number in [0, 1) for the backoff jitter.
    let unit: @Sendable () -> Double

    public init(engine: Engine, logger: Logger, unit: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.engine = engine
        self.logger = logger
        self.unit = unit
    }

    public func run() async throws {
        // Our own client, not HTTPClient.shared: it must be shut down with the service.
        let client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10))))
        let busy = BusySinks()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    let sinks = engine.config.deliverySinks
                    var delay: Double?
                    do {
                        let now = engine.time.now()
                        for sink in sinks where !busy.names.withLock({ $0.contains(sink.name) }) {
                            guard let row = try await engine.dueDelivery(sink: sink.name, now: now) else {
                                continue
                            }
                            busy.names.withLock { _ = $0.insert(sink.name) }
                            group.addTask {
                                await deliver(row, to: sink, client: client)
                                busy.names.withLock { _ = $0.remove(sink.name) }
                                engine.outboxNudge.signal()
                            }
                        }
                        let idle = sinks.map(\.name).filter { name in !busy.names.withLock { $0.contains(name) } }
                        if let next = try await engine.nextDeliveryDue(sinks: idle) {
                            delay = min(300, max(0, next.timeIntervalSince(engine.time.now())))
                        }
                    } catch {
                        logger.critical("notifier failed; retrying in 1s", metadata: ["error": "\(error)"])
                        delay = 1
                    }
                    await engine.outboxNudge.wait(atMost: delay)
                }
            }
        }
        try? await client.shutdown()
    }

    /// One attempt for one row, then its outcome recorded.
    func deliver(_ row: OutboxRow, to sink: SinkConfig, client: HTTPClient) async {
        let started = engine.time.now()
        let attempt = row.attempts + 1
        let outcome = await Self.send(
            addressed(row, for: sink), to: sink, client: client, at: started, database: engine.config.database,
            directory: URL(fileURLWithPath: engine.config.path).deletingLastPathComponent().path)
        // Shutdown cut the attempt short: leave the row untouched so it goes again after the restart.
        if Task.isCancelled { return }
        let now = engine.time.now()
        var verdict = sink.policy.judge(
            status: outcome.judgedStatus, retryAfter: outcome.retryAfter, attempt: attempt,
            firstAttemptAt: row.firstAttemptAt ?? started, now: now, unit: unit())
        if case .deadLetter(let reason) = verdict, let error = outcome.error {
            verdict = .deadLetter(reason: "\(reason) (\(error))")
        }
        var metadata: Logger.Metadata = [
            "draft": "\(row.draftID)", "sink": "\(sink.name)", "type": "\(row.type)", "webhook_id": "\(row.webhookID)",
            "attempt": "\(attempt)",
        ]
        if let status = outcome.status { metadata["status"] = "\(status)" }
        if let said = outcome.commandSaid { metadata["said"] = "\(said)" }
        if let error = outcome.error { metadata["error"] = "\(error)" }
        engine.metrics.deliveryAttempt(sink: sink.name, verdict: verdict)
        switch verdict {
        case .delivered: logger.info("delivered", metadata: metadata)
        case .retry(let at):
            metadata["retry_at"] = "\(isoUTC(at))"
            logger.warning("delivery failed; will retry", metadata: metadata)
        case .deadLetter(let reason):
            metadata["reason"] = "\(reason)"
            logger.error("delivery dead-lettered", metadata: metadata)
        case .sinkGone: logger.error("sink answered 410 Gone; sink disabled", metadata: metadata)
        }
        do {
            try await engine.recordAttempt(
                id: row.id, at: now, status: outcome.status,
                error: outcome.error ?? outcome.commandSaid ?? outcome.status.map { "HTTP \($0)" },
                verdict: verdict, skipped: outcome.skipped)
        } catch {
            // The row stays pending and goes again: at least once, never lost.
            logger.critical(
                "cannot record a delivery attempt", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    /// The row with its review links as addresses, derived now from the server's key: the outbox holds only their
    /// placeholders (`LinkRef`), so no copy of the database holds a working link. Only JSON payloads carry links; a
    /// chat message is shared and never gets one.
    func addressed(_ row: OutboxRow, for sink: SinkConfig) -> OutboxRow {
        guard sink.route.format == .json, let base = engine.configured({ $0.webhooks?.publicURL }) else { return row }
        var row = row
        row.payload = engine.linkAddresses(in: row.payload, base: base)
        return row
    }

    struct Outcome {
        /// The HTTP answer's status; nil for a command, or when no answer came.
        var status: Int?
        var retryAfter: String?
        var error: String?
        /// A command that exited 0: "exit 0" and the last line it wrote, which `flowctl deliveries` shows.
        var commandSaid: String?
        /// The command took it, and it reached nobody.
        var skipped = false

        /// What the delivery rules judge: a command's exit 0 counts as a 2xx.
        var judgedStatus: Int? { status ?? (commandSaid == nil ? nil : 200) }
    }

    /// The Standard Webhooks headers: the id is the row's, stable across retries; the timestamp is this attempt's.
    static func signatureHeaders(_ row: OutboxRow, secret: SigningSecret?, at: Date) -> [(String, String)] {
        let timestamp = "\(Int64(at.timeIntervalSince1970))"
        var headers = [("webhook-id", row.webhookID), ("webhook-timestamp", timestamp)]
        if let secret {
            headers.append(
                (
                    "webhook-signature",
                    WebhookSigner.sign(
                        id: row.webhookID, timestamp: timestamp, body: Array(row.payload.utf8), secret: secret)
                ))
        }
        return headers
    }

    static func send(
        _ row: OutboxRow, to sink: SinkConfig, client: HTTPClient, at: Date, database: String, directory: String
    ) async -> Outcome {
        switch sink.target {
        case .url(let url):
            // A reply goes to the address the interaction named, and only below the sink's own prefix.
            if let target = row.target, !target.hasPrefix(url) {
                return Outcome(error: "reply address is not under \(url)")
            }
            var request = HTTPClientRequest(url: row.target ?? url)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.headers.add(name: "user-agent", value: "flowd/\(Engine.version)")
            for (name, value) in signatureHeaders(row, secret: sink.secret, at: at) {
                request.headers.add(name: name, value: value)
            }
            request.body = .bytes(ByteBuffer(string: row.payload))
            let prepared = request
            do {
                return try await withDeadline(seconds: sink.timeout) {
                    let response = try await client.execute(
                        prepared, timeout: .milliseconds(Int64(sink.timeout * 1000)))
                    // Drain a bounded amount so the connection can be reused; what the sink says is not kept.
                    _ = try? await response.body.collect(upTo: 64 * 1024)
                    return Outcome(
                        status: Int(response.status.code), retryAfter: response.headers.first(name: "retry-after"))
                }
            } catch is DeadlineExceeded {
                return Outcome(error: "no answer within \(sink.timeout)s")
            } catch {
                return Outcome(error: "\(error)")
            }
        case .command(let argv):
            var environment = CommandSink.baseEnvironment
            for (name, value) in signatureHeaders(row, secret: sink.secret, at: at) {
                environment[name.uppercased().replacingOccurrences(of: "-", with: "_")] = value
            }
            environment["FLOWD_EVENT_TYPE"] = row.type
            environment["FLOWD_DRAFT"] = "\(row.draftID)"
            // Read-only use: a mail sink shows the post's first picture small (flowd-mail --media-dir).
            environment["FLOWD_MEDIA"] = MediaFiles(database: database).root
            if let state = CommandSink.stateDirectory(database: database, sink: sink.name) {
                environment["FLOWD_SINK_STATE"] = state
            }
            return await CommandSink.run(
                argv, input: Array(row.payload.utf8), environment: environment, in: directory, timeout: sink.timeout)
        }
    }
}

struct DeadlineExceeded: Error {}

/// Runs `body`, giving up (and cancelling it) after `seconds`.
func withDeadline<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw DeadlineExceeded() }
        return first
    }
}

/// Sinks with a request in flight; shared between the notifier loop and its delivery tasks.
final class BusySinks: Sendable {
    let names = Mutex<Set<String>>([])
}
