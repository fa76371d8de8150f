import FlowCore
import Synchronization

/// The Store's side of group commit: `GroupCommit` decides, these perform (SQL and continuations).
extension Store {
    /// Commits of transition batches so far; tests read it to see batching happen.
    var batchCommits: Int { groupCommit.commits }

    /// Waits until no batch is open, so reads and other writes see only committed state.
    func settle() async {
        switch groupCommit.settleRequested() {
        case .proceed: return
        case .waitForBatchEnd: await withCheckedContinuation { groupCommit.readerWaiting($0) }
        }
        // Released at the end of the batch, which holds new batches back until every released reader has had its
        // turn; the caller's own work follows synchronously, before the next batch can open.
        switch groupCommit.readerRan() {
        case .none: break
        case .resumeLeaders(let leaders): for leader in leaders { leader.resume() }
        }
    }

    /// One transition in the open batch, or in a new one that it leads; returns after the batch's commit.
    func applyInBatch(
        draftID: Int64?, receipt: (source: String, id: String)?, outbox: OutboxPlanner?, lookup: ContextLookup?,
        _ decide: @Sendable (Draft?, Int64, DecisionContext) throws -> Decision
    ) async throws -> TransitionResult {
        announced.subtract(1, ordering: .relaxed)
        // Writes outside the batch protocol (timers, deliveries) hold their own transactions; wait them out by
        // never interleaving: they run synchronously on this actor, so none is open here.
        var leader = false
        arrival: while true {
            switch groupCommit.transitionArrived() {
            case .holdLeader:
                await withCheckedContinuation { groupCommit.leaderHeld($0) }
            case .begin:
                try db.exec("BEGIN IMMEDIATE")
                groupCommit.batchBegun()
                leader = true
                break arrival
            case .joinBatch:
                break arrival
            }
        }
        let result: TransitionResult
        do {
            try db.exec("SAVEPOINT job")
            do {
                result = try work(draftID: draftID, receipt: receipt, outbox: outbox, lookup: lookup, decide)
                try db.exec("RELEASE job")
            } catch {
                try? db.exec("ROLLBACK TO job")
                try? db.exec("RELEASE job")
                throw error
            }
        } catch {
            // The leader has not yielded yet, so nobody else's work is in the transaction: end it.
            if leader { finishBatch(groupCommit.leaderWorkFailed(error)) }
            throw error
        }
        // A lone transition commits at once; with others on their way, the leader gives them a few turns to join.
        var next = groupCommit.workFinished(leader: leader, announced: announced.load(ordering: .relaxed))
        while true {
            switch next {
            case .yieldTurn:
                await Task.yield()
                next = groupCommit.turnTaken(announced: announced.load(ordering: .relaxed))
            case .commitNow:
                try commitBatch()
                return result
            case .waitForCommit:
                try await withCheckedThrowingContinuation { groupCommit.memberWaiting($0) }
                return result
            }
        }
    }

    /// Commits the open batch and answers everyone in it; a failed commit fails them all, the leader too.
    private func commitBatch() throws {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try db.exec("COMMIT")
        } catch {
            finishBatch(groupCommit.commitFailed(error))
            throw error
        }
        let end = groupCommit.commitSucceeded()
        if case .resume(let members, _) = end { commits.committed(took: clock.now - started, batch: members.count + 1) }
        finishBatch(end)
    }

    private func finishBatch(_ end: Batches.EndAction) {
        switch end {
        case .resume(let members, let readers):
            for member in members { member.resume() }
            for reader in readers { reader.resume() }
        case .rollBack(let failing, let error, let readers):
            try? db.exec("ROLLBACK")
            for member in failing { member.resume(throwing: error) }
            for reader in readers { reader.resume() }
        }
    }
}
