import FlowConfig
public import FlowCore
import FlowStore
import Foundation
import Logging
import NIOPosix

/// What operators look at and do besides drafts: the daemon's status, the outbox's deliveries, backups.
extension Engine {
    /// Counts within the caller's scope; orphans are the business of those who see every client, sinks are shown
    /// as far as the caller may see them (`Scope.shows(sinkFor:side:)`).
    public func status(for actor: Actor) async throws -> StatusReading {
        let clients = scope(actor).only
        let counts = try await store.countsByState(clients: clients)
        let config = config
        var status = StatusReading(
            version: Self.version, pid: getpid(), startedAt: startedAt, now: time.now(), database: config.database,
            socket: config.socket, schemaVersion: Store.schemaVersion, drafts: counts, you: actor.user.name,
            pendingTimers: try await store.pendingTimerCount(clients: clients),
            nextTimer: clients == nil ? try await store.nextTimerDue() : nil,
            sinks: try await sinkStandings(for: actor), crises: try await store.runningCrises(clients: clients))
        if clients == nil {
            status.orphanedDrafts = try await store.orphans(known: Set(config.directory.clients.keys)).count
            let failing = try await store.failingTimers()
            status.failingTimers = failing.count
            status.worstFailingTimer = failing.worst
        }
        return status
    }

    /// Every configured sink the caller may see, with its outbox counts (of the caller's clients' rows) and whether
    /// a 410 disabled it, then removed ones with rows the caller may see.
    func sinkStandings(for actor: Actor) async throws -> [SinkStanding] {
        let scope = scope(actor)
        guard scope.shows(sinkFor: nil, side: actor.user.side) else { return [] }
        let counts = try await outboxCounts(scope)
        let disabled = try await store.disabledSinks()
        let all = config.deliverySinks
        let configured = all.filter { scope.shows(sinkFor: $0.route.clients, side: actor.user.side) }
        // Sinks removed from the config still own rows: shown, so that pending ones are not silently stranded
        // (retention dead-letters them after the default max_age).
        let removed = counts.keys.filter { name in !all.contains { $0.name == name } }.sorted().map { name in
            let mine = counts[name] ?? [:]
            return SinkStanding(
                name: name, target: nil, format: nil, state: .removed, pending: mine["pending"] ?? 0,
                delivered: mine["delivered"] ?? 0, dead: mine["dead"] ?? 0, skipped: mine["skipped"] ?? 0)
        }
        let current = configured.map { sink in
            let off = disabled.first { $0.name == sink.name }
            let target: String
            switch sink.target {
            case .url(let url):
                let parsed = URL(string: url)
                target = "\(parsed?.scheme ?? "http")://\(parsed?.host ?? "?")\(parsed?.port.map { ":\($0)" } ?? "")"
            case .command(let argv): target = argv.count == 3 && argv[0] == "/bin/sh" ? "sh -c" : argv[0]
            }
            let mine = counts[sink.name] ?? [:]
            return SinkStanding(
                name: sink.name, target: target, format: sink.route.format,
                state: off.map { SinkStanding.State.disabled(at: $0.disabledAt, reason: $0.reason) } ?? .active,
                pending: mine["pending"] ?? 0, delivered: mine["delivered"] ?? 0, dead: mine["dead"] ?? 0,
                skipped: mine["skipped"] ?? 0)
        }
        return current + removed
    }

    /// Whether `sink` is one `sinkStandings(for:)` would show the caller, without counting every sink's rows when
    /// the config names it.
    private func mayLookAt(sink: String, _ actor: Actor) async throws -> Bool {
        let scope = scope(actor)
        if let configured = config.deliverySinks.first(where: { $0.name == sink }) {
            return scope.shows(sinkFor: configured.route.clients, side: actor.user.side)
        }
        guard scope.shows(sinkFor: nil, side: actor.user.side) else { return false }
        return try await outboxCounts(scope)[sink] != nil
    }

    /// Outbox counts by sink and state, of the rows about drafts in `scope`.
    private func outboxCounts(_ scope: Scope) async throws -> [String: [String: Int]] {
        if let clients = scope.only { return try await store.outboxCounts(clients: clients) }
        return try await store.outboxCounts()
    }

    /// Outbox rows, newest first; `failed` keeps those that failed at least once and are not delivered.
    public func deliveries(sink: String?, failed: Bool, limit: Int, before: Int64?, for actor: Actor) async throws
        -> (deliveries: [OutboxRow], nextBefore: Int64?)
    {
        // A sink removed from the config still has its rows, which status lists: they can be looked at too. A sink
        // the caller may not see answers like one that does not exist, and the list names only those they may.
        if let sink, try await !mayLookAt(sink: sink, actor) {
            let names = try await sinkStandings(for: actor).map(\.name)
            throw Refusal(
                .notFound,
                "no sink \(quoted(sink))" + (names.isEmpty ? "" : "; sinks are " + names.joined(separator: ", ")))
        }
        // Company-side users see no sink (`Scope.shows(sinkFor:side:)`): a row names its sink and what it said.
        guard scope(actor).shows(sinkFor: nil, side: actor.user.side) else { return (deliveries: [], nextBefore: nil) }
        let page = Paged(
            rows: try await store.outbox(
                sink: sink, failedOnly: failed, limit: limit + 1, before: before, clients: scope(actor).only),
            limit: limit, id: \.id)
        return (deliveries: page.items, nextBefore: page.next)
    }

    /// Queues a delivery again now, with its webhook-id unchanged; re-enables a sink a 410 disabled.
    public func retryDelivery(_ id: Int64, by actor: Actor) async throws -> OutboxRow {
        try requireAdmin(actor, to: "retry deliveries")
        guard let row = try await store.retryDelivery(id, now: time.now()) else {
            throw Refusal(.notFound, "no delivery \(id)")
        }
        if row.state == "delivered" {
            throw Refusal(.invalidTransition, "delivery \(id) was delivered already; nothing to retry")
        }
        logger.notice(
            "delivery queued again",
            metadata: [
                "delivery": "\(id)", "sink": "\(row.sink)", "draft": "\(row.draftID)", "actor": "\(actor.user.name)",
            ])
        outboxNudge.signal()
        return row
    }

    /// 4 MB at SQLite's default page size: one step is a few milliseconds of I/O.
    static let backupStepPages: Int32 = 1024
}
