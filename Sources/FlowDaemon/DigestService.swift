import FlowConfig
import FlowCore
import FlowStore
import Foundation
public import Logging
public import ServiceLifecycle

extension Engine {
    /// Sends every digest due by now that was not sent yet; returns how many went out.
    @discardableResult
    public func sendDueDigests() async throws -> Int {
        let (config, planner) = loadedConfig
        guard let at = config.digestAt else { return 0 }
        let now = time.now()
        let directory = config.directory
        let days = Set(directory.clients.values.map { Digest.day(of: now, client: $0).key })
        let dues = Digest.due(
            at: at, now: now, directory: directory, inReview: try await store.draftsInReview(),
            sent: try await store.sentDigests(days: days))
        // Digests carry personal links: JSON and command sinks only, never a shared chat channel.
        let digestSinks = config.sinks.filter { $0.route.format == .json && $0.route.types.contains(.digest) }
        for due in dues {
            // A sink for some clients gets their digests only, as every other notification.
            let sinks = digestSinks.filter { $0.route.clients?.contains(due.client) ?? true }.map(\.name)
            var grants: [Int64: LinkGrant] = [:]
            for draft in due.drafts {
                grants[draft.id] = directory.linkGrants(for: [due.user], on: draft, now: now).first
            }
            let linked = config.webhooks?.publicURL != nil
            // The links as placeholders: the notifier writes their addresses at delivery.
            try await store.sendDigest(due, grants: grants, sinks: sinks, at: now) { refs, inbox in
                let links = linked ? refs.mapValues(\.placeholder) : [:]
                return Digest.envelope(
                    due, links: links, inbox: linked ? inbox?.inboxPlaceholder : nil, planner: planner, now: now
                ).text
            }
            logger.notice(
                "digest sent",
                metadata: ["user": "\(due.user)", "client": "\(due.client)", "drafts": "\(due.drafts.count)"])
        }
        if !dues.isEmpty && !digestSinks.isEmpty { outboxNudge.signal() }
        return dues.count
    }
}

/// Sends the daily digests: sleeps until the next local digest time of any client (or a reload), never polls.
public struct DigestService: Service {
    let engine: Engine
    let logger: Logger

    public init(engine: Engine, logger: Logger) {
        self.engine = engine
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var delay = 300.0
                do {
                    try await engine.sendDueDigests()
                    let config = engine.config
                    if let at = config.digestAt,
                        let next = Digest.next(at: at, after: engine.time.now(), directory: config.directory)
                    {
                        delay = min(delay, max(0.05, next.timeIntervalSince(engine.time.now())))
                    }
                } catch {
                    logger.critical("digest failed; retrying in 60s", metadata: ["error": "\(error)"])
                    delay = 60
                }
                await engine.digestNudge.wait(atMost: delay)
            }
        }
    }
}
