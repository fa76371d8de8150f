/// Group commit as a state machine: it decides, the `Store` performs (BEGIN, COMMIT, ROLLBACK, resuming whoever
/// waits). It touches neither SQLite nor continuations; `Member` (a transition waiting for its batch's commit) and
/// `Waiter` (a reader waiting for the batch to end, or a leader held back) are whatever the caller resumes them
/// with, so tests can drive it with plain values.
///
/// The protocol: the first transition to arrive opens a transaction and becomes the batch's leader. It does its own
/// work, then, while other transitions are on their way to the actor (`announced`), yields a few turns, so they do
/// theirs in the same transaction (each in its own savepoint, so a refusal rolls back alone); then it commits once
/// for all: one fsync for the batch. Every member is answered only after the commit, and a failed commit fails them
/// all, with nothing of any of them applied. A lone transition commits at once.
///
/// Reads (`settle`) and writes outside the batch protocol (timer firings, deliveries) wait until no batch is open.
/// The readers a batch releases at its end must all run before the next batch opens, so a steady stream of
/// transitions cannot starve them: leaders that arrive meanwhile are held until the last of them has run.
///
/// Every event is reported synchronously on the actor, right after the action that led to it; nothing else can
/// happen in between (e.g. `.begin` is followed by `batchBegun()` with no suspension).
struct GroupCommit<Member, Waiter> {
    /// At most this many turns does a leader yield for transitions on their way.
    static var maxTurns: Int { 4 }

    /// What a transition that has just reached the actor does.
    enum ArrivalAction: Equatable {
        /// Lead a new batch: open a transaction, then report `batchBegun()`. If it cannot be opened, report
        /// nothing: no batch is open.
        case begin
        /// A batch is open: do the work in it.
        case joinBatch
        /// Readers released by the last batch have not all run yet: wait (`leaderHeld(_:)`), then arrive again.
        case holdLeader
    }

    /// What a transition does once its work is in the transaction (or once the leader has yielded a turn).
    enum WorkAction: Equatable {
        /// The leader yields one turn to transitions on their way, then reports `turnTaken(announced:)`.
        case yieldTurn
        /// The leader commits the batch now, then reports `commitSucceeded()` or `commitFailed(_:)`.
        case commitNow
        /// A member waits for the leader's commit (`memberWaiting(_:)`).
        case waitForCommit
    }

    /// The end of a batch; the machine has closed it.
    enum EndAction {
        /// Committed: answer every member, then let the readers run.
        case resume(members: [Member], readers: [Waiter])
        /// Roll the transaction back, fail every member with `error`, then let the readers run.
        case rollBack(failing: [Member], error: any Error, readers: [Waiter])
    }

    /// What a read (or a write outside the batch protocol) does before touching the database.
    enum SettleAction: Equatable {
        /// No batch is open: go ahead.
        case proceed
        /// Wait for the open batch to end (`readerWaiting(_:)`), then report `readerRan()` before anything else.
        case waitForBatchEnd
    }

    /// What a released reader does once it runs.
    enum ReaderAction {
        case none
        /// It was the last released reader to run: resume the held leaders (each arrives again).
        case resumeLeaders([Waiter])
    }

    private struct Batch {
        var members: [Member] = []
        var readers: [Waiter] = []
        var turns = 0
    }

    private enum State {
        /// No batch open and no released reader left to run.
        case idle
        /// A batch is open.
        case open(Batch)
        /// No batch open; `pending` readers released by the last batch have not run yet, and the leaders in
        /// `held` wait for them.
        case quiet(pending: Int, held: [Waiter])
        /// Only while an event rewrites the state, so arrays are not copied.
        case modifying
    }

    private var state: State = .idle
    /// Batches committed so far.
    private(set) var commits = 0

    var isBatchOpen: Bool {
        if case .open = state { return true }
        return false
    }

    // MARK: transitions

    func transitionArrived() -> ArrivalAction {
        switch state {
        case .idle: return .begin
        case .open: return .joinBatch
        case .quiet: return .holdLeader
        case .modifying: preconditionFailure("GroupCommit: transition arrived while modifying")
        }
    }

    /// The leader's transaction is open.
    mutating func batchBegun() {
        guard case .idle = state else { preconditionFailure("GroupCommit: batch begun in state \(state)") }
        state = .open(Batch())
    }

    /// A leader waits after `.holdLeader`.
    mutating func leaderHeld(_ leader: Waiter) {
        guard case .quiet(let pending, var held) = state else {
            preconditionFailure("GroupCommit: leader held in state \(state)")
        }
        state = .modifying
        held.append(leader)
        state = .quiet(pending: pending, held: held)
    }

    /// A transition's work is in the transaction; `announced` transitions are on their way to the actor.
    mutating func workFinished(leader: Bool, announced: Int) -> WorkAction {
        guard leader else { return .waitForCommit }
        return turnTaken(announced: announced)
    }

    /// The leader has yielded a turn; `announced` transitions are still on their way.
    mutating func turnTaken(announced: Int) -> WorkAction {
        guard case .open(var batch) = state else { preconditionFailure("GroupCommit: leader's turn in state \(state)") }
        guard announced > 0 && batch.turns < Self.maxTurns else { return .commitNow }
        state = .modifying
        batch.turns += 1
        state = .open(batch)
        return .yieldTurn
    }

    /// A member waits after `.waitForCommit`.
    mutating func memberWaiting(_ member: Member) {
        guard case .open(var batch) = state else {
            preconditionFailure("GroupCommit: member waiting in state \(state)")
        }
        state = .modifying
        batch.members.append(member)
        state = .open(batch)
    }

    /// The leader's own work failed before it yielded: the batch ends with nothing in it committed.
    mutating func leaderWorkFailed(_ error: any Error) -> EndAction {
        let batch = close()
        return .rollBack(failing: batch.members, error: error, readers: batch.readers)
    }

    mutating func commitSucceeded() -> EndAction {
        let batch = close()
        commits += 1
        return .resume(members: batch.members, readers: batch.readers)
    }

    /// All or nothing: every member of the batch fails.
    mutating func commitFailed(_ error: any Error) -> EndAction {
        let batch = close()
        return .rollBack(failing: batch.members, error: error, readers: batch.readers)
    }

    private mutating func close() -> Batch {
        guard case .open(let batch) = state else { preconditionFailure("GroupCommit: batch ended in state \(state)") }
        state = batch.readers.isEmpty ? .idle : .quiet(pending: batch.readers.count, held: [])
        return batch
    }

    // MARK: readers

    func settleRequested() -> SettleAction {
        isBatchOpen ? .waitForBatchEnd : .proceed
    }

    /// A reader waits after `.waitForBatchEnd`.
    mutating func readerWaiting(_ reader: Waiter) {
        guard case .open(var batch) = state else {
            preconditionFailure("GroupCommit: reader waiting in state \(state)")
        }
        state = .modifying
        batch.readers.append(reader)
        state = .open(batch)
    }

    /// A reader released at a batch's end runs.
    mutating func readerRan() -> ReaderAction {
        guard case .quiet(let pending, let held) = state else {
            preconditionFailure("GroupCommit: reader ran in state \(state)")
        }
        guard pending == 1 else {
            state = .quiet(pending: pending - 1, held: held)
            return .none
        }
        state = .idle
        return held.isEmpty ? .none : .resumeLeaders(held)
    }
}

extension GroupCommit.ReaderAction: Equatable where Waiter: Equatable {}
