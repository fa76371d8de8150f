/// Group commit as a state machine: it decides, the `Store` performs (starting the writer, BEGIN, COMMIT, answering).
/// It touches neither SQLite nor threads; a `Job` is whatever the caller queues, so tests drive it with plain values.
///
/// The protocol: a transition is queued from any thread, and the first one queued while no writer runs starts one.
/// The writer takes everything queued so far as one batch and runs it in one transaction, each job in its own
/// savepoint (so a refusal rolls back alone), then commits once for all: one fsync for the batch. Whatever arrives
/// during that fsync waits, and is the next batch. Every job is answered only after its batch's commit, and a failed
/// commit fails them all, with nothing of any of them applied. A batch runs from BEGIN to COMMIT without suspending,
/// so reads and other writes on the store's actor never see one half done; between batches the writer lets them
/// run first, so a steady stream of transitions cannot starve them.
struct WriteQueue<Job> {
    /// At most this many jobs go into one transaction, so one batch holds the writer for a few milliseconds only.
    static var maxBatch: Int { 256 }

    enum SubmitAction: Equatable {
        /// No writer runs: start one. It asks `writerReady()` until that says `.stop`.
        case startWriter
        /// No writer runs and the load is light: the caller is the writer, on its own thread, for one batch; then it
        /// asks `keepWriting()`. (If it cannot, it starts a writer as for `.startWriter`.)
        case writeHere
        /// The running writer takes the job with its next batch.
        case none
    }

    enum WriterAction {
        /// Run these in one transaction and commit once; then let the actor's other work run and ask again.
        case runBatch([Job])
        /// Nothing is queued: the writer ends. The next job queued starts a new one.
        case stop
    }

    private var queued: [Job] = []
    private var writing = false
    /// Batches handed to the writer so far.
    private(set) var batches = 0
    /// The size of the last batch: one means nobody else was waiting for the writer.
    private var lastBatch = 0
    /// The last batch took longer than `slowBatch`: a disk that slow keeps commits off the event loops.
    private var lastBatchSlow = false
    /// Longer than this, a batch would hold an event loop's other connections (their reads, their answers) for
    /// too long; a lone transition is well under this, most of it the fsync.
    static var slowBatch: Duration { .milliseconds(2) }

    var count: Int { queued.count }

    /// `mayWriteHere`: the caller can wait for a commit on its own thread (an event loop, whose requests would wait for
    /// the writer anyway). It gets to while batches are of one and commits are quick: then no other thread is woken
    /// on the way to the commit or back (three context switches a transition fewer at one client). Once batches
    /// grow, the jobs go to the store's thread, so that whatever arrives during a commit is the next batch: a commit
    /// on an event loop would keep that loop from reading its other requests meanwhile, and leave the next batch at
    /// one. A slow disk, too, keeps the commits on the store's thread.
    mutating func submitted(_ job: Job, mayWriteHere: Bool = false) -> SubmitAction {
        queued.append(job)
        guard !writing else { return .none }
        writing = true
        return mayWriteHere && lastBatch <= 1 && !lastBatchSlow ? .writeHere : .startWriter
    }

    /// A batch ran for `duration`, from BEGIN to the end of COMMIT (or to its failure).
    mutating func batchEnded(took duration: Duration) {
        lastBatchSlow = duration > Self.slowBatch
    }

    mutating func writerReady() -> WriterAction {
        precondition(writing, "WriteQueue: a writer asked for work while none was started")
        guard !queued.isEmpty else {
            writing = false
            return .stop
        }
        batches += 1
        lastBatch = min(queued.count, Self.maxBatch)
        guard queued.count > Self.maxBatch else {
            defer { queued.removeAll(keepingCapacity: true) }
            return .runBatch(queued)
        }
        let batch = Array(queued.prefix(Self.maxBatch))
        queued.removeFirst(Self.maxBatch)
        return .runBatch(batch)
    }

    /// After the batch of a `.writeHere`: true if more was queued meanwhile and a writer goes on with it, false if
    /// the writer ends (the next job queued starts a new one).
    mutating func keepWriting() -> Bool {
        precondition(writing, "WriteQueue: a batch ended while no writer was started")
        if queued.isEmpty { writing = false }
        return writing
    }
}
