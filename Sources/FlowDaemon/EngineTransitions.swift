import FlowConfig
import FlowCore
import FlowStore
import Foundation
import Logging
import Synchronization

/// The one path every transition takes, in two halves around the store's group commit: `submit` checks the request
/// and queues it, `finish` logs the refusal or records what committed. `commit` joins them for async callers; the
/// control socket's direct route calls them from a connection's event loop with no task in between.
extension Engine {
    func run(
        _ request: Request, on id: Int64?, by actor: Actor, lookup: (@Sendable (Date) -> ContextLookup)? = nil
    ) async throws -> DraftReading {
        try reading(of: try await commit(request, on: id, by: actor, receipt: nil, lookup: lookup))
    }

    /// The draft as a transition left it, for its caller; throws what `finish` throws. The control socket's direct
    /// route calls it on the connection's event loop, so the reading is never built on the store's writer thread.
    func answer(_ transition: Transition, _ outcome: Result<Store.TransitionResult, any Error>) throws -> DraftReading {
        try reading(of: try finish(transition, outcome))
    }

    /// The committed draft and its timers move into the reading: the result is not read again.
    private func reading(of result: consuming Store.TransitionResult) throws -> DraftReading {
        switch consume result {
        case .fresh(let decision, let timers): return reading(decision.draft, timers: timers)
        case .duplicate:
            throw EngineFault("a transition without a delivery id came back as a duplicate")
        }
    }

    /// The one path every request takes: decide and commit in one transaction, log the refusal or the events,
    /// and wake the escalator when new timers were set.
    func commit(
        _ request: Request, on id: Int64?, by actor: Actor, receipt: (source: String, id: String)?,
        usingLink link: String? = nil, lookup: (@Sendable (Date) -> ContextLookup)? = nil
    ) async throws -> Store.TransitionResult {
        let (transition, outcome) = await withCheckedContinuation { continuation in
            submit(request, on: id, by: actor, receipt: receipt, usingLink: link, lookup: lookup) {
                continuation.resume(returning: ($0, $1))
            }
        }
        return try finish(transition, outcome)
    }

    /// A transition on its way through the store: what `finish` needs once the batch has committed.
    final class Transition: Sendable {
        let request: Request
        let draftID: Int64?
        let actor: Actor
        let receipt: (source: String, id: String)?
        let notifies: Bool
        /// Measured inside the transaction, recorded only once it has committed.
        let reviewed = Mutex<TimeInterval?>(nil)

        init(request: Request, draftID: Int64?, actor: Actor, receipt: (source: String, id: String)?, notifies: Bool) {
            self.request = request
            self.draftID = draftID
            self.actor = actor
            self.receipt = receipt
            self.notifies = notifies
        }
    }

    /// The first half of `commit`, for front ends that wait on no task: checks the request and queues it for the
    /// store's writer. `done` is called once, on the writer's thread right after the commit (or on this thread if
    /// the request fails its checks, or if `here` let this thread commit it), and should hand the outcome to `finish`
    /// on a thread of its own.
    func submit(
        _ request: Request, on id: Int64?, by actor: Actor, receipt: (source: String, id: String)?,
        usingLink link: String? = nil, lookup: (@Sendable (Date) -> ContextLookup)? = nil, here: Bool = false,
        done: @escaping @Sendable (Transition, Result<Store.TransitionResult, any Error>) -> Void
    ) {
        let (config, planner) = loadedConfig
        let directory = config.directory
        let now = time.now()
        let transition = Transition(
            request: request, draftID: id, actor: actor, receipt: receipt, notifies: !config.sinks.isEmpty)
        var asked = lookup?(now)
        if request.command == .submit || request.command == .requestChanges {
            asked = Self.autonomyLookup(asked ?? ContextLookup(), directory: directory, now: now)
        }
        do {
            try Workflow.precheck(request)
        } catch {
            done(transition, .failure(error))
            return
        }
        store.submit(
            WriteJob(
                draftID: id, receipt: receipt.map { DeliveryReceipt(source: $0.source, id: $0.id, at: now) },
                outbox: planner, lookup: asked,
                decide: { draft, newID, context in
                    var decision = try Workflow.decide(
                        request, on: draft, by: actor, directory: directory, now: now, newID: newID, context: context)
                    // The link acts for its own person on the revision the decision was made on, nothing else.
                    decision.links.use = link.map {
                        LinkUse(hash: $0, user: actor.user.name, revision: draft?.revision ?? 0)
                    }
                    let seconds = FlowMetrics.reviewTime(from: draft, to: decision.draft, at: now)
                    transition.reviewed.withLock { $0 = seconds }
                    return decision
                },
                done: { done(transition, $0) }), here: here)
    }

    /// The second half of `commit`: logs a refusal and throws it on, or records what committed
    /// and wakes whoever must act on it.
    func finish(_ transition: Transition, _ outcome: Result<Store.TransitionResult, any Error>) throws
        -> Store.TransitionResult
    {
        let result: Store.TransitionResult
        do {
            result = try outcome.get()
        } catch let refusal as Refusal {
            var metadata: Logger.Metadata = [
                "draft": "\(transition.draftID.map(String.init) ?? "new")", "actor": "\(transition.actor.user.name)",
                "code": "\(refusal.code.rawValue)",
            ]
            if let receipt = transition.receipt { metadata["source"] = "\(receipt.source)" }
            logger.error("refused \(transition.request.command.action.rawValue)", metadata: metadata)
            throw refusal
        }
        if case .fresh(let decision, _) = result {
            if let seconds = transition.reviewed.withLock({ $0 }) { metrics.leftReview(after: seconds) }
            record(decision)
            if decision.timers.earliest != nil || decision.followUps.contains(where: { $0.timers.earliest != nil }) {
                nudge.signal()
            }
            if transition.notifies { outboxNudge.signal() }
        }
        return result
    }
}
