import Testing

@testable import FlowStore

/// Drives the group-commit state machine through its events, as the Store would, and checks what it decides.
/// Members (transitions waiting for the commit) and waiters (readers, held leaders) are plain numbers here.
@Suite struct GroupCommitMachineTests {
    typealias Machine = GroupCommit<Int, Int>

    struct CommitFailed: Error, Equatable {}

    /// A leader's batch is open with `members` joined and `readers` waiting for its end.
    static func openBatch(members: [Int] = [], readers: [Int] = []) -> Machine {
        var machine = Machine()
        #expect(machine.transitionArrived() == .begin)
        machine.batchBegun()
        #expect(
            machine.workFinished(leader: true, announced: members.count) == (members.isEmpty ? .commitNow : .yieldTurn))
        for member in members {
            #expect(machine.transitionArrived() == .joinBatch)
            #expect(machine.workFinished(leader: false, announced: 0) == .waitForCommit)
            machine.memberWaiting(member)
        }
        for reader in readers {
            #expect(machine.settleRequested() == .waitForBatchEnd)
            machine.readerWaiting(reader)
        }
        return machine
    }

    static func expectResumed(_ action: Machine.EndAction, members: [Int], readers: [Int]) {
        guard case .resume(let resumed, let released) = action else {
            Issue.record("expected resume, got \(action)")
            return
        }
        #expect(resumed == members)
        #expect(released == readers)
    }

    @Test func aLoneTransitionBeginsAndCommitsAtOnce() {
        var machine = Machine()
        #expect(machine.settleRequested() == .proceed)
        #expect(machine.transitionArrived() == .begin)
        machine.batchBegun()
        #expect(machine.isBatchOpen)
        // Nobody on the way: no turns yielded, the leader commits at once.
        #expect(machine.workFinished(leader: true, announced: 0) == .commitNow)
        Self.expectResumed(machine.commitSucceeded(), members: [], readers: [])
        #expect(machine.commits == 1)
        #expect(!machine.isBatchOpen)
        // The batch is closed: the next transition leads a new one.
        #expect(machine.transitionArrived() == .begin)
    }

    @Test func aBatchIsOpenOnlyOnceItsTransactionHasBegun() {
        let machine = Machine()
        #expect(machine.transitionArrived() == .begin)
        // BEGIN failed: nothing was reported, so no batch is open and the next arrival leads.
        #expect(!machine.isBatchOpen)
        #expect(machine.settleRequested() == .proceed)
        #expect(machine.transitionArrived() == .begin)
    }

    @Test func aLeaderAndItsJoinersShareOneCommitAndAllAreResumed() {
        var machine = Machine()
        #expect(machine.transitionArrived() == .begin)
        machine.batchBegun()
        // Two transitions are on their way: the leader yields instead of committing.
        #expect(machine.workFinished(leader: true, announced: 2) == .yieldTurn)
        for member in [1, 2] {
            #expect(machine.transitionArrived() == .joinBatch)
            #expect(machine.workFinished(leader: false, announced: 0) == .waitForCommit)
            machine.memberWaiting(member)
        }
        #expect(machine.turnTaken(announced: 0) == .commitNow)
        Self.expectResumed(machine.commitSucceeded(), members: [1, 2], readers: [])
        #expect(machine.commits == 1)
        #expect(machine.transitionArrived() == .begin)
    }

    @Test func aLeaderYieldsOnlyAFewTurnsWhileTransitionsAreAnnounced() {
        var machine = Machine()
        #expect(machine.transitionArrived() == .begin)
        machine.batchBegun()
        var yielded = 0
        var next = machine.workFinished(leader: true, announced: 1)
        while next == .yieldTurn {
            yielded += 1
            if yielded > 100 { break }
            next = machine.turnTaken(announced: 1)
        }
        #expect(next == .commitNow)
        #expect(yielded == Machine.maxTurns)
    }

    @Test func aFailedCommitFailsEveryMemberAndReleasesTheReaders() {
        var machine = Self.openBatch(members: [1, 2, 3], readers: [7])
        #expect(machine.turnTaken(announced: 0) == .commitNow)
        guard case .rollBack(let failing, let error, let readers) = machine.commitFailed(CommitFailed()) else {
            Issue.record("a failed commit did not roll the batch back")
            return
        }
        #expect(failing == [1, 2, 3])
        #expect(error is CommitFailed)
        #expect(readers == [7])
        #expect(machine.commits == 0)
        #expect(!machine.isBatchOpen)
    }

    @Test func aLeaderWhoseWorkFailsRollsTheBatchBack() {
        var machine = Machine()
        #expect(machine.transitionArrived() == .begin)
        machine.batchBegun()
        guard case .rollBack(let failing, _, let readers) = machine.leaderWorkFailed(CommitFailed()) else {
            Issue.record("the leader's failure did not roll the batch back")
            return
        }
        #expect(failing.isEmpty)
        #expect(readers.isEmpty)
        #expect(machine.commits == 0)
        #expect(machine.transitionArrived() == .begin)
    }

    @Test func aSettleDuringABatchWaitsAndIsReleasedAtItsEnd() {
        var machine = Self.openBatch(members: [1], readers: [])
        #expect(machine.settleRequested() == .waitForBatchEnd)
        machine.readerWaiting(10)
        #expect(machine.turnTaken(announced: 0) == .commitNow)
        // Members are answered and the reader released, both only at the batch's end.
        Self.expectResumed(machine.commitSucceeded(), members: [1], readers: [10])
        #expect(machine.readerRan() == .none)
        #expect(machine.settleRequested() == .proceed)
        #expect(machine.transitionArrived() == .begin)
    }

    @Test func newLeadersAreHeldWhileReleasedReadersHaveNotRun() {
        var machine = Self.openBatch(members: [1], readers: [10, 11])
        #expect(machine.turnTaken(announced: 0) == .commitNow)
        Self.expectResumed(machine.commitSucceeded(), members: [1], readers: [10, 11])
        // The readers are released but have not run: transitions that arrive now wait instead of leading.
        #expect(machine.transitionArrived() == .holdLeader)
        machine.leaderHeld(20)
        #expect(machine.transitionArrived() == .holdLeader)
        machine.leaderHeld(21)
        // A read that comes meanwhile need not wait: no batch is open.
        #expect(machine.settleRequested() == .proceed)
        #expect(machine.readerRan() == .none)
        #expect(machine.transitionArrived() == .holdLeader)
        machine.leaderHeld(22)
        // The last released reader has run: the held leaders go, and the first of them to arrive leads.
        #expect(machine.readerRan() == .resumeLeaders([20, 21, 22]))
        #expect(machine.transitionArrived() == .begin)
        machine.batchBegun()
        #expect(machine.transitionArrived() == .joinBatch)
    }

    @Test func aFailedBatchAlsoHoldsLeadersUntilItsReadersHaveRun() {
        var machine = Self.openBatch(members: [1], readers: [10])
        guard case .rollBack(_, _, let readers) = machine.commitFailed(CommitFailed()) else {
            Issue.record("a failed commit did not roll the batch back")
            return
        }
        #expect(readers == [10])
        #expect(machine.transitionArrived() == .holdLeader)
        machine.leaderHeld(20)
        #expect(machine.readerRan() == .resumeLeaders([20]))
        #expect(machine.transitionArrived() == .begin)
    }
}
