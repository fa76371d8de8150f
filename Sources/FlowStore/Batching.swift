import FlowCore
import Synchronization

/// The Store's side of group commit: `WriteQueue` decides, these perform (SQL, and answering the jobs).
extension Store {
    /// Queues a transition from any thread, with no task of its own; `job.done` hears the outcome after the commit.
    ///
    /// With `here`, the caller may be the writer itself, on its own thread, when the load is light and the store's
    /// thread is idle (`WriteQueue.submitted`); `done` is then called on the caller's thread before this returns.
    public nonisolated func submit(_ job: WriteJob, here: Bool = false) {
        switch writes.withLock({ $0.submitted(job, mayWriteHere: here) }) {
        case .none:
            return
        case .writeHere:
            if let ran = thread.runHereIfIdle({ assumeIsolated { $0.writeBatchHere() } }) {
                // What was queued during the commit goes to the store's thread; the answers are given once the
                // thread is free again, so that answering never holds the writer.
                if writes.withLock({ $0.keepWriting() }) { queueWriter() }
                for (job, answer) in ran { job.done(answer) }
                return
            }
            queueWriter()
        case .startWriter:
            queueWriter()
        }
    }

    /// The writer's next turn on the store's thread, behind what is queued there already.
    private nonisolated func queueWriter() {
        thread.execute { [self] in assumeIsolated { $0.writeNextBatch() } }
    }

    private func writeBatchHere() -> [(WriteJob, Result<TransitionResult, any Error>)] {
        guard case .runBatch(let jobs) = writes.withLock({ $0.writerReady() }) else { return [] }
        return Array(zip(jobs, runBatch(jobs)))
    }

    /// Runs one batch, then queues itself behind whatever else the actor has to do (reads, timers, deliveries), so a
    /// stream of transitions cannot starve them; it stops when nothing is left.
    private func writeNextBatch() {
        guard case .runBatch(let jobs) = writes.withLock({ $0.writerReady() }) else { return }
        let answers = runBatch(jobs)
        for (job, answer) in zip(jobs, answers) { job.done(answer) }
        queueWriter()
    }

    /// One transaction for the whole batch, from BEGIN to COMMIT without suspending; each job in its own savepoint.
    private func runBatch(_ jobs: [WriteJob]) -> [Result<TransitionResult, any Error>] {
        let clock = ContinuousClock()
        let begun = clock.now
        // However it ends: a batch that held its thread long (a slow disk, a lock another connection held) keeps the
        // next ones off the event loops.
        defer {
            let held = clock.now - begun
            writes.withLock { $0.batchEnded(took: held) }
        }
        do {
            // Prepared once and kept (`run`), not parsed again by sqlite3_exec for every batch.
            try db.run("BEGIN IMMEDIATE")
        } catch {
            return jobs.map { _ in .failure(error) }
        }
        let lone = jobs.count == 1
        var answers: [Result<TransitionResult, any Error>] = []
        answers.reserveCapacity(jobs.count)
        for job in jobs {
            answers.append(
                Result {
                    // A lone job needs no savepoint: if it fails, the whole transaction is rolled back below.
                    if lone { return try work(job) }
                    try db.run("SAVEPOINT job")
                    do {
                        let result = try work(job)
                        try db.run("RELEASE job")
                        return result
                    } catch {
                        try? db.exec("ROLLBACK TO job")
                        try? db.exec("RELEASE job")
                        throw error
                    }
                })
        }
        if lone, case .failure = answers[0] {
            try? db.exec("ROLLBACK")
            return answers
        }
        let started = clock.now
        do {
            try db.run("COMMIT")
        } catch {
            try? db.exec("ROLLBACK")
            // All or nothing: what was refused keeps its own reason, everything else fails with the commit.
            return answers.map { answer in
                if case .failure = answer { return answer }
                return .failure(error)
            }
        }
        commits.committed(took: clock.now - started, batch: jobs.count)
        return answers
    }

    private func work(_ job: WriteJob) throws -> TransitionResult {
        try work(draftID: job.draftID, receipt: job.receipt, outbox: job.outbox, lookup: job.lookup, job.decide)
    }
}
