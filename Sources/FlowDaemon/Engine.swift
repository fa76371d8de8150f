public import FlowConfig
public import FlowCore
import FlowRender
public import FlowStore
public import Foundation
public import Logging
import Synchronization

/// The application layer: identifies callers, asks the domain, has the store commit. Shared by every front end.
public final class Engine: Sendable {
    /// Internal: services and handlers go through the engine's methods, never the store itself.
    let store: Store
    public let time: any TimeSource
    public let startedAt: Date
    public static let version = "0.1.0"
    /// The configuration in force and the outbox planner derived from it, built once per load (not per
    /// transition) and swapped together on reload.
    private let loaded: Mutex<(config: DaemonConfig, planner: OutboxPlanner)>
    let logger: Logger
    /// Wakes the escalator when a transaction sets a timer that may be earlier than the one it sleeps for.
    public let nudge = Nudge()
    /// Wakes the notifier when a transaction wrote outbox rows or a sink became free.
    public let outboxNudge = Nudge()
    /// Wakes the digest service when a reload may have changed the digest time or the clients.
    public let digestNudge = Nudge()
    /// Failed signatures and unknown review links per address on the public listener, and their log lines.
    let publicFailures = Mutex(FailedAttempts())
    /// Committed events for `flowctl events -f`.
    let feed: EventFeed
    /// Counters and histograms for Prometheus (`GET /metrics`).
    let metrics = FlowMetrics(version: Engine.version)
    /// Reports running now (`EngineReport`).
    let reportsRunning = Mutex(0)
    /// When an absence next begins or ends (`EngineAbsences`); nil when it must be read again.
    let absenceBoundary = Mutex<Date?>(nil)

    /// The configuration and its outbox planner, read together.
    var loadedConfig: (config: DaemonConfig, planner: OutboxPlanner) { loaded.withLock { $0 } }

    public init(config: DaemonConfig, store: Store, time: any TimeSource = SystemTime(), logger: Logger) {
        self.loaded = Mutex((config, config.outboxPlanner(rendering: NoticeRenderer())))
        self.store = store
        self.feed = EventFeed(store: store)
        store.commits.observe { [metrics] duration, batch in metrics.commit(took: duration, batch: batch) }
        self.time = time
        self.startedAt = time.now()
        self.logger = logger
    }

    public var config: DaemonConfig { loaded.withLock { $0.config } }

    /// One value of the configuration in force: a request's hot path reads a field or two, and a copy of the whole
    /// configuration is a retain and a release of every array and string in it.
    func configured<Value: Sendable>(_ read: (DaemonConfig) -> Value) -> Value { loaded.withLock { read($0.config) } }

    /// Swaps in a reloaded configuration, with the absences in force kept; the escalator and notifier re-plan with it
    /// at once.
    public func replaceConfig(_ config: DaemonConfig) {
        swapConfig { current in
            var next = config
            next.directory.presence = current.directory.presence
            return next
        }
        nudge.signal()
        outboxNudge.signal()
        digestNudge.signal()
    }

    /// Replaces the configuration in force with what `change` makes of it, and its outbox planner with it, at once.
    func swapConfig(_ change: (DaemonConfig) -> DaemonConfig) {
        loaded.withLock { current in
            let next = change(current.config)
            current = (next, next.outboxPlanner(rendering: NoticeRenderer()))
        }
    }

    /// Swaps in a reloaded configuration, warns about drafts it orphans, and re-plans drafts in review.
    public func reload(_ config: DaemonConfig) async {
        let before = self.config.directory.clients.keys
        replaceConfig(config)
        do {
            let orphans = try await store.orphans(known: Set(config.directory.clients.keys))
            if orphans.count > 0 {
                let gone = before.filter { config.directory.clients[$0] == nil }.sorted()
                logger.warning(
                    "drafts whose client is not in the config: only admins may act on them",
                    metadata: [
                        "drafts":
                            "\(orphans.ids.map(String.init).joined(separator: ","))\(orphans.count > orphans.ids.count ? ",…" : "")",
                        "count": "\(orphans.count)", "clients_removed": "\(gone.joined(separator: ","))",
                    ])
            }
            try await replanReviews()
        } catch {
            logger.critical("re-planning after a reload failed", metadata: ["error": "\(error)"])
        }
    }

    /// Brings the pending ladder steps of drafts in review in line with the policies in force (after a reload,
    /// and at start, when the config may have changed while flowd was down). Skipped when the policies are those the
    /// last whole pass re-planned under (`Directory.planFingerprint`, kept as `replanSetting`), unless `always`: a
    /// start with the same config then does no work in proportion to the drafts, where a pass over 200,000 drafts in
    /// review held the writer for seconds, one batch at a time, behind which every request waited. Each batch's
    /// decisions are told as it is written, so a pass holds a batch of them, not all.
    @discardableResult
    public func replanReviews(always: Bool = false) async throws -> Int {
        let directory = configured { $0.directory }
        let fingerprint = directory.planFingerprint
        if !always, try await store.setting(Self.replanSetting) == fingerprint { return 0 }
        let now = time.now()
        var (changed, decided) = (0, false)
        var cursor: Int64? = 0
        while let after = cursor {
            let batch = try await store.replanReviews(after: after) { draft, pending, fired in
                Deadlines.replan(afterReload: draft, pending: pending, fired: fired, directory: directory, now: now)
            }
            batch.decisions.forEach(record)
            changed += batch.decisions.count { !$0.events.isEmpty }
            decided = decided || !batch.decisions.isEmpty
            cursor = batch.next
        }
        // A reload during the pass re-plans under its own policies; only the policies still in force are kept.
        if configured({ $0.directory }).planFingerprint == fingerprint {
            try await store.keepSetting(Self.replanSetting, fingerprint)
        }
        if decided { nudge.signal() }
        return changed
    }

    /// The setting that holds the `Directory.planFingerprint` of the last whole pass of `replanReviews`.
    static let replanSetting = "replanned_under"

    /// A one-line summary for systemd's `STATUS=`.
    public var statusLine: String {
        let config = config
        return "serving \(config.socket); \(config.users.count) users, \(config.directory.clients.count) clients, "
            + "\(config.sinks.count) sinks"
    }

    /// Maps a socket peer to the acting user, honouring `--as` for admins.
    public func identify(uid: UInt32, actAs: String?) throws(Refusal) -> Actor {
        let config = config
        guard let caller = config.user(uid: uid) else {
            throw Refusal(.unknownUser, "uid \(uid) is not a flowd user: add it to [[users]] in \(config.path)")
        }
        guard let actAs, actAs != caller.name else { return Actor(user: caller) }
        guard caller.has(.admin) else {
            throw Refusal(.notAdmin, "\(caller.name) may not act as another user: --as needs role admin")
        }
        guard let target = config.user(named: actAs) else {
            throw Refusal(.unknownUser, "--as names unknown user \(quoted(actAs))")
        }
        return Actor(user: target, via: caller.name)
    }

    /// A draft and its pending timers as a caller reads them now. Reads the directory alone: a copy of the whole
    /// configuration would cost every transition's answer a retain and release of each of its fields.
    func reading(_ draft: consuming Draft, timers: [PendingTimer] = []) -> DraftReading {
        configured { $0.directory }.reading(of: draft, pending: timers, now: time.now())
    }

    /// The caller's scope (design.md §3), decided in FlowCore.
    func scope(_ actor: Actor) -> Scope { config.directory.scope(of: actor.user) }

    /// A draft the caller may see, or the same not-found answer as for one that does not exist.
    func visibleDraft(_ id: Int64, to actor: Actor) async throws -> Draft {
        guard let draft = try await store.draft(id), scope(actor).contains(draft.client) else {
            throw Refusal(.notFound, "no draft \(id)")
        }
        return draft
    }

    /// A new draft; with no lane asked for, the crisis lane while the client's crisis runs, else the normal one.
    public func create(
        client: String, lane asked: Lane?, content: Content, labels: [String], message: String?, by actor: Actor
    ) async throws -> DraftReading {
        let command = Command.create(
            client: client, lane: try await lane(for: client, asked: asked), content: content, labels: labels)
        return try await run(Request(command, message: message), on: nil, by: actor)
    }

    public func act(_ request: Request, on id: Int64, by actor: Actor) async throws -> DraftReading {
        try await run(request, on: id, by: actor)
    }

    /// Runs an action that carries a sender's delivery id: a redelivery changes nothing and returns the first outcome.
    public func actOnce(
        _ request: Request, on id: Int64, by actor: Actor, receipt: (source: String, id: String)
    ) async throws -> (outcome: DeliveryOutcome, duplicate: Bool) {
        once(try await commit(request, on: id, by: actor, receipt: receipt), receipt: receipt)
    }

    /// The stored outcome of a delivery, and whether it had been seen before.
    func once(_ result: Store.TransitionResult, receipt: (source: String, id: String)) -> (
        outcome: DeliveryOutcome, duplicate: Bool
    ) {
        switch result {
        case .fresh:
            return (result.outcome, false)
        case .duplicate(let outcome):
            logger.info(
                "duplicate delivery", metadata: ["source": "\(receipt.source)", "draft": "\(outcome.draft)"])
            return (outcome, true)
        }
    }

    func record(_ decision: Decision) {
        decision.followUps.forEach(record)
        if !decision.events.isEmpty { feed.eventsCommitted() }
        for event in decision.events {
            metrics.committed(event)
            // Built only when notices are logged (`metadata` is an autoclosure): building it for a level that drops
            // it showed in every transition's profile.
            logger.notice("\(event.kind.rawValue)", metadata: Self.metadata(of: event))
            if event.kind == .escalate { noteLeftOut(by: event, client: decision.draft.client) }
        }
    }

    private static func metadata(of event: Event) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "draft": "\(event.draftID)", "state": "\(event.to.rawValue)", "actor": "\(event.actor)",
            "action": "\(event.kind.rawValue)", "revision": "\(event.revision)",
        ]
        if let via = event.via { metadata["via"] = "\(via)" }
        if let rule = event.data["rule"] { metadata["rule"] = "\(rule)" }
        return metadata
    }

    /// Fires every timer due now, batch by batch; returns how many fired.
    @discardableResult
    public func fireDueTimers() async throws -> Int {
        let (config, planner) = loaded.withLock { $0 }
        let directory = config.directory
        var fired = 0
        defer { if fired > 0 && !config.sinks.isEmpty { outboxNudge.signal() } }
        while true {
            // Each batch gets its own now, so events record when each batch really fired.
            let now = time.now()
            let batchLimit = 256
            let decisions: [Decision]
            // Measured inside the transaction, recorded only for the drafts whose firing committed.
            let observed = Mutex<[TimerObservation]>([])
            do {
                decisions = try await store.fireDue(now: now, limit: batchLimit, outbox: planner) {
                    timer, draft, pending in
                    let decision = Deadlines.fire(timer, on: draft, pending: pending, directory: directory, now: now)
                    let observation = TimerObservation(
                        draft: draft.id, lag: now.timeIntervalSince(timer.dueAt),
                        review: FlowMetrics.reviewTime(from: draft, to: decision.draft, at: now))
                    observed.withLock { $0.append(observation) }
                    return decision
                }
            } catch let failure as TimerFailure {
                metrics.timersFired(observed.withLock { $0 }, committed: failure.committedSoFar)
                logger.critical(
                    "timer failed; it stays and is tried again",
                    metadata: [
                        "draft": "\(failure.timer.draftID)", "error": "\(failure.underlying)",
                        "attempt": "\(failure.attempts)", "retry_at": "\(isoUTC(failure.retryAt))",
                    ])
                failure.committedSoFar.forEach(record)
                fired += failure.committedSoFar.count
                continue
            }
            metrics.timersFired(observed.withLock { $0 }, committed: decisions)
            decisions.forEach(record)
            fired += decisions.count
            if decisions.count < batchLimit { return fired }
        }
    }

    /// One draft, with where its lane stands on earned autonomy (`flowctl show`).
    public func draft(_ id: Int64, for actor: Actor) async throws -> DraftReading {
        let draft = try await visibleDraft(id, to: actor)
        let (client, lane) = (draft.client, draft.lane)
        var shown = reading(draft, timers: try await store.timers(draftID: id))
        shown.channelCounts = configured { $0.directory }.channelCounts(of: shown.draft)
        shown.autonomy = try await autonomyStanding(client: client, lane: lane)
        return shown
    }

    /// Upcoming deadlines and ladder steps across drafts, soonest first: those that concern the caller
    /// (`Directory.concerns`), or with `all` every one in their scope.
    public func agenda(within: TimeSpan, limit: Int, all: Bool = false, for actor: Actor) async throws
        -> AgendaReading
    {
        let directory = configured { $0.directory }
        let now = time.now()
        // The caller's own are fewer than the scope's: read further so a busy scope does not crowd them out.
        let items = try await store.agenda(
            until: now.addingTimeInterval(within.timeInterval), limit: all ? limit : limit * 10,
            clients: scope(actor).only)
        let everything = items.map { timer, draft in
            AgendaReading.Entry(
                draft: draft, whoseMove: directory.whoseMove(draft), step: directory.upcoming(timer, of: draft),
                timeZone: directory.clients[draft.client]?.timeZone)
        }
        let entries =
            all ? everything : Array(everything.filter { directory.concerns($0, actor.user.name) }.prefix(limit))
        return AgendaReading(
            now: now, entries: entries, crises: try await store.runningCrises(clients: scope(actor).only))
    }

    /// A page of a draft's history, oldest first.
    public func events(_ id: Int64, after: Int64 = 0, limit: Int = 500, for actor: Actor) async throws -> Paged<Event> {
        _ = try await visibleDraft(id, to: actor)
        return Paged(rows: try await store.events(draftID: id, after: after, limit: limit + 1), limit: limit, id: \.id)
    }

    /// Operations for role admin only; `what` completes "NAME may not …".
    func requireAdmin(_ actor: Actor, to what: String) throws(Refusal) {
        guard actor.user.has(.admin) else {
            throw Refusal(.notAdmin, "\(actor.user.name) may not \(what): that needs role admin")
        }
    }
}
