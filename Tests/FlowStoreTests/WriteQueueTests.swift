import Testing

@testable import FlowStore

/// Drives the group-commit state machine through its events, as the Store would, and checks what it decides.
/// Jobs are plain numbers here.
@Suite struct WriteQueueTests {
    typealias Queue = WriteQueue<Int>

    static func batch(_ action: Queue.WriterAction) -> [Int]? {
        guard case .runBatch(let jobs) = action else { return nil }
        return jobs
    }

    @Test func theFirstJobStartsTheWriterAndALoneJobIsABatchOfItsOwn() {
        var queue = Queue()
        #expect(queue.submitted(1) == .startWriter)
        #expect(Self.batch(queue.writerReady()) == [1])
        guard case .stop = queue.writerReady() else {
            Issue.record("the writer should stop when nothing is queued")
            return
        }
        #expect(queue.submitted(2) == .startWriter, "after the writer stopped, the next job starts a new one")
        #expect(queue.batches == 1)
    }

    @Test func jobsQueuedWhileTheWriterCommitsAreItsNextBatchInOrder() {
        var queue = Queue()
        #expect(queue.submitted(1) == .startWriter)
        #expect(Self.batch(queue.writerReady()) == [1])
        // During the first batch's fsync.
        for job in 2...5 { #expect(queue.submitted(job) == .none, "one writer at a time") }
        #expect(queue.count == 4)
        #expect(Self.batch(queue.writerReady()) == [2, 3, 4, 5])
        #expect(Self.batch(queue.writerReady()) == nil)
        #expect(queue.batches == 2)
    }

    @Test func aBatchHoldsAtMostMaxBatchJobsAndTheRestFollow() {
        var queue = Queue()
        let total = Queue.maxBatch * 2 + 3
        #expect(queue.submitted(0) == .startWriter)
        for job in 1..<total { #expect(queue.submitted(job) == .none) }
        var seen: [Int] = []
        while let jobs = Self.batch(queue.writerReady()) {
            #expect(jobs.count <= Queue.maxBatch)
            seen += jobs
        }
        #expect(seen == Array(0..<total), "every job once, in the order queued")
        #expect(queue.batches == 3)
    }

    @Test func theCallerWritesItselfWhileBatchesAreOfOneAndNotOnceTheyGrow() {
        var queue = Queue()
        #expect(queue.submitted(1, mayWriteHere: true) == .writeHere, "a first job, with no one waiting")
        #expect(Self.batch(queue.writerReady()) == [1])
        #expect(queue.submitted(2, mayWriteHere: true) == .none, "one writer at a time, wherever it runs")
        #expect(queue.submitted(3) == .none)
        let goesOn = queue.keepWriting()
        #expect(goesOn, "what came during the commit is left for a writer that goes on")
        #expect(Self.batch(queue.writerReady()) == [2, 3])
        #expect(Self.batch(queue.writerReady()) == nil)
        #expect(queue.submitted(4, mayWriteHere: true) == .startWriter, "after a batch of two, the store's thread")
        #expect(Self.batch(queue.writerReady()) == [4])
        #expect(Self.batch(queue.writerReady()) == nil)
        #expect(queue.submitted(5) == .startWriter, "a caller that may not wait never writes itself")
        #expect(Self.batch(queue.writerReady()) == [5])
        #expect(Self.batch(queue.writerReady()) == nil)
        #expect(queue.submitted(6, mayWriteHere: true) == .writeHere, "batches are of one again")
        #expect(Self.batch(queue.writerReady()) == [6])
        let ends = !queue.keepWriting()
        #expect(ends, "nothing came during the commit: the writer ends")
        #expect(queue.submitted(7, mayWriteHere: true) == .writeHere)
    }

    @Test func aSlowDiskKeepsCommitsOffTheCallersThread() {
        var queue = Queue()
        #expect(queue.submitted(1, mayWriteHere: true) == .writeHere)
        #expect(Self.batch(queue.writerReady()) == [1])
        queue.batchEnded(took: .milliseconds(30))
        let ends = !queue.keepWriting()
        #expect(ends)
        #expect(queue.submitted(2, mayWriteHere: true) == .startWriter, "the last batch took 30 ms")
        #expect(Self.batch(queue.writerReady()) == [2])
        queue.batchEnded(took: .microseconds(200))
        #expect(Self.batch(queue.writerReady()) == nil)
        #expect(queue.submitted(3, mayWriteHere: true) == .writeHere, "quick again")
    }
}
