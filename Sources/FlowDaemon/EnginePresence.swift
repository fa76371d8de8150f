import FlowConfig
import FlowCore
import FlowStore
import Foundation
import Logging
import Synchronization

/// Absences in force: the directory resolves who reviews through them (`Directory.presence`), and when they change the
/// drafts in review move to the stand-ins and back (`Directory.handover`), one batch at a time like a re-plan.
extension Engine {
    /// The setting that holds the ids of the absences the drafts in review were last moved for (`Presence.ids`).
    static let presenceSetting = "absences_in_force"

    /// Takes up the absences the drafts were last moved for, at start: what changed while flowd was down is then moved
    /// by `applyAbsences`, once.
    func loadPresence() async throws {
        let ids = (try await store.setting(Self.presenceSetting) ?? "").split(separator: ",").compactMap { Int64($0) }
        let presence = Presence(try await store.absences(ids: ids))
        swapConfig { current in
            var next = current
            next.directory.presence = presence
            return next
        }
        absenceBoundary.withLock { $0 = nil }
    }

    /// When an absence next begins or ends, if one does: the escalator wakes then.
    var nextAbsenceBoundary: Date? { absenceBoundary.withLock { $0 } }

    /// Brings the absences in force up to now, when one began or ended since they were last read (or an absence was
    /// recorded or ended): the drafts in review whose reviewers changed move, and the set is kept. Returns how many
    /// drafts moved.
    @discardableResult
    func applyAbsences() async throws -> Int {
        let now = time.now()
        guard absenceBoundary.withLock({ $0.map { $0 <= now } ?? true }) else { return 0 }
        let recorded = try await store.absences(endingAfter: now)
        let boundaries = recorded.flatMap { [$0.from, $0.end] }.filter { $0 > now }
        absenceBoundary.withLock { $0 = boundaries.min() ?? .distantFuture }
        let after = Presence(recorded, at: now)
        let before = configured { $0.directory.presence }
        guard after != before else { return 0 }
        swapConfig { current in
            var next = current
            next.directory.presence = after
            return next
        }
        let (config, planner) = loadedConfig
        let directory = config.directory
        var (moved, cursor): (Int, Int64?) = (0, 0)
        // The person who goes away hears it once, on the first draft that moves, not once per draft.
        var toldAway: Set<String> = []
        while let from = cursor {
            let batch = try await store.replanReviews(after: from, outbox: planner) { draft, pending, _ in
                guard var decision = directory.handover(draft, pending: pending, before: before, now: now) else {
                    return nil
                }
                decision.told.removeAll { after.absences[$0] != nil && !toldAway.insert($0).inserted }
                return decision
            }
            batch.decisions.forEach(record)
            moved += batch.decisions.count
            cursor = batch.next
        }
        try await store.keepSetting(Self.presenceSetting, after.ids.map(String.init).joined(separator: ","))
        logger.notice(
            "absences in force changed",
            metadata: ["away": "\(after.absences.keys.sorted().joined(separator: ","))", "drafts": "\(moved)"])
        if moved > 0 {
            nudge.signal()
            if !config.sinks.isEmpty { outboxNudge.signal() }
        }
        return moved
    }

    /// After an absence was recorded or ended: its boundaries are read again, and one that has come moves drafts now.
    func absencesChanged() async throws {
        absenceBoundary.withLock { $0 = nil }
        try await applyAbsences()
        nudge.signal()
    }
}
