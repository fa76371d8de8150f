import Foundation

/// The thread the `Store` actor runs on: its executor. One thread owns the SQLite connection, and a transition
/// queued from a connection's event loop reaches it with one wake-up, not a task on Swift's pool (which cost five
/// context switches per transition at one client, measured with /proc's counters).
///
/// It runs the actor's jobs and plain closures in the order they were queued, and sleeps on a condition variable
/// while there are none. It ends once the store is gone and nothing is queued.
final class StoreThread: SerialExecutor, @unchecked Sendable {
    private enum Work {
        case job(UnownedJob)
        case closure(() -> Void)
    }

    // Guarded by `condition`; the thread and every enqueuer share it.
    private let condition = NSCondition()
    private var queued: [Work] = []
    private var stopping = false
    private var threadID: pthread_t?
    /// The thread is running work it took from `queued`.
    private var running = false
    /// Another thread runs store work in this one's place (`runHereIfIdle`); the thread waits meanwhile.
    private var borrower: pthread_t?

    init(name: String) {
        let started = NSCondition()
        let thread = Thread { [self] in
            started.lock()
            threadID = pthread_self()
            started.signal()
            started.unlock()
            run()
        }
        thread.name = name
        started.lock()
        thread.start()
        while threadID == nil { started.wait() }
        started.unlock()
    }

    /// Lets `assumeIsolated` accept the closures queued with `execute`, which run outside any job.
    func checkIsolated() {
        condition.lock()
        let owner = borrower ?? threadID
        condition.unlock()
        guard let owner, pthread_equal(pthread_self(), owner) != 0 else {
            preconditionFailure("not on the store's thread")
        }
    }

    /// Runs `work` on the calling thread in the store thread's place, when that thread has nothing queued and
    /// nothing running: at one client the request's own thread then commits and answers, with no wake-up of another
    /// thread on the way (two context switches fewer). Returns nil, having run nothing, when the thread is busy.
    /// Whatever is queued meanwhile waits until `work` returns, so the actor's work stays serial.
    func runHereIfIdle<T>(_ work: () -> T) -> T? {
        condition.lock()
        guard !running, queued.isEmpty, borrower == nil, !stopping else {
            condition.unlock()
            return nil
        }
        borrower = pthread_self()
        condition.unlock()
        let result = work()
        condition.lock()
        borrower = nil
        if !queued.isEmpty || stopping { condition.signal() }
        condition.unlock()
        return result
    }

    func enqueue(_ job: consuming ExecutorJob) {
        put(.job(UnownedJob(job)))
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Runs `work` on the thread after everything queued before it.
    func execute(_ work: @escaping @Sendable () -> Void) {
        put(.closure(work))
    }

    /// The thread ends once the queue is empty.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func put(_ work: Work) {
        condition.lock()
        queued.append(work)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        var batch: [Work] = []
        while true {
            condition.lock()
            running = false
            while borrower != nil || (queued.isEmpty && !stopping) { condition.wait() }
            if queued.isEmpty {
                condition.unlock()
                return
            }
            swap(&batch, &queued)
            running = true
            condition.unlock()
            for work in batch {
                switch work {
                case .job(let job): job.runSynchronously(on: asUnownedSerialExecutor())
                case .closure(let closure): closure()
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
