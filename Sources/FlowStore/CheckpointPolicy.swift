/// When the WAL is copied back into the database file, as a state machine: it decides, `Checkpointer` performs.
///
/// The checkpointer's thread copies the bulk (a PASSIVE pass, on its own connection, while commits go on) each
/// time another 1,000 pages have come. The WAL only starts over once every page in it has been copied before a
/// write begins, which a pass that runs beside a steady stream of commits never sees: a few commits always come
/// during it. So after each pass, the writer finishes the copy itself at its next commit: the pages of the commits
/// that came during the pass, a few, and one fsync of the database file. Then the WAL starts over.
///
/// SQLite's default did all of it inside the commit that filled the WAL: that commit and all behind it waited for
/// the whole pass and its fsync, which set the slowest answers under load. Passes that started as soon as the WAL
/// was full, without waiting for the writer to finish a batch, ran back to back under load, an extra fsync for
/// nearly every commit.
struct CheckpointPolicy {
    /// New pages in the WAL that call for a pass: SQLite's own auto-checkpoint threshold.
    static var pages: Int32 { 1000 }

    enum Action: Equatable {
        case none
        /// Wake the checkpointer's thread for a pass.
        case startPass
        /// A pass has ended since the last commit: the writer checkpoints the rest right now, on its connection.
        case finishHere
    }

    /// Pages in the WAL after the last commit.
    private(set) var reported: Int32 = 0
    /// The WAL's size when the last pass was asked for; the next one waits for 1,000 more.
    private var passFrom: Int32 = 0
    private var passing = false
    private var passEndedSinceCommit = false

    /// After each commit, on the writer's thread, with the pages now in the WAL.
    mutating func committed(pages: Int32) -> Action {
        if pages < reported { passFrom = 0 }  // the WAL started over
        reported = pages
        if passEndedSinceCommit {
            passEndedSinceCommit = false
            return .finishHere
        }
        guard !passing, pages >= passFrom + Self.pages else { return .none }
        passing = true
        passFrom = pages
        return .startPass
    }

    /// The checkpointer's pass is over (whether it copied everything it could or failed).
    mutating func passEnded() {
        passing = false
        passEndedSinceCommit = true
    }
}
