import FlowCore
import FlowStore
import Foundation

/// What the notifier and the Slack replies ask of the outbox: the engine's store stays behind the engine.
extension Engine {
    /// The next row a sink may be sent now, oldest first; nil when nothing is due.
    func dueDelivery(sink: String, now: Date) async throws -> OutboxRow? {
        try await store.dueDelivery(sink: sink, now: now)
    }

    /// When the soonest row of these sinks falls due; nil when none waits.
    func nextDeliveryDue(sinks: [String]) async throws -> Date? {
        try await store.nextDeliveryDue(sinks: sinks)
    }

    /// One attempt's outcome, in a transaction of its own.
    func recordAttempt(
        id: Int64, at now: Date, status: Int?, error: String?, verdict: AttemptVerdict, skipped: Bool = false
    ) async throws {
        try await store.recordAttempt(
            id: id, at: now, status: status, error: error, verdict: verdict, skipped: skipped)
    }

    /// A payload with its review-link and media placeholders turned into addresses under `base`, from the server's
    /// key.
    func linkAddresses(in payload: String, base: String) -> String {
        let key = store.linkKey
        return key.mediaAddresses(in: key.addresses(in: payload, base: base), base: base)
    }

    /// When the escalator must wake next for a timer; nil when none is set.
    func nextTimerDue() async throws -> Date? {
        try await store.nextTimerDue()
    }

    /// Queues a message to an address of its own (a Slack `response_url`) through `sink`'s delivery rules, after
    /// the transition it answers committed, and wakes the notifier.
    func queueReply(sink: String, type: String, draftID: Int64, eventID: Int64, payload: String, target: String)
        async throws
    {
        try await store.enqueueReply(
            sink: sink, type: type, draftID: draftID, eventID: eventID, payload: payload, target: target,
            at: time.now())
        outboxNudge.signal()
    }
}
