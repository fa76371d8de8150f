import FlowConfig
import FlowCore
import FlowStore
import Foundation
public import Logging
public import ServiceLifecycle

extension Engine {
    /// Runs retention until nothing is left to do: delivered notifications and inbound delivery ids older than
    /// `daemon.retention` go, pending rows of sinks no longer in the config are dead-lettered once older than
    /// the default delivery max_age (their own policy left with their config). Batches of `batchSize`, with
    /// a pause between them, so a large backlog never holds the writer for more than one small batch.
    @discardableResult
    func applyRetention(batchSize: Int = 500, pause: Duration = .milliseconds(20)) async throws
        -> RetentionBatch
    {
        let config = config
        let now = time.now()
        let cutoff = now.addingTimeInterval(-config.retention.timeInterval)
        var total = RetentionBatch()
        while true {
            let batch = try await store.retentionBatch(
                deliveredBefore: cutoff, receivedBefore: cutoff, sinks: Set(config.deliverySinks.map(\.name)),
                orphanedBefore: now.addingTimeInterval(-DeliveryPolicy().maxAge.timeInterval), limit: batchSize)
            total.deliveredPurged += batch.deliveredPurged
            total.receiptsPurged += batch.receiptsPurged
            total.orphansDeadLettered += batch.orphansDeadLettered
            total.inboxLinksPurged += batch.inboxLinksPurged
            guard batch.more else { break }
            try await Task.sleep(for: pause)
        }
        if total != RetentionBatch() {
            logger.notice(
                "retention applied",
                metadata: [
                    "delivered_purged": "\(total.deliveredPurged)", "receipts_purged": "\(total.receiptsPurged)",
                    "orphans_dead_lettered": "\(total.orphansDeadLettered)",
                    "inbox_links_purged": "\(total.inboxLinksPurged)",
                ])
        }
        return total
    }
}

/// Applies retention at start and then hourly, and sweeps the media files no revision names: the cutoffs move by the
/// hour, so an hour late is never wrong.
public struct RetentionService: Service {
    let engine: Engine
    let logger: Logger
    var every: Duration = .seconds(3_600)

    public init(engine: Engine, logger: Logger) {
        self.engine = engine
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await engine.applyRetention()
                    try await engine.sweepMedia()
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("retention failed; it runs again within the hour", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: every)
            }
        }
    }
}
