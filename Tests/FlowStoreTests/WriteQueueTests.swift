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
}
