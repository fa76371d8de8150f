/// What a connection tells an observer about its transactions (`Connection.observe`), on the thread that runs the
/// statement.
protocol TransactionObserver: AnyObject {
    /// A row of the watched table was inserted, updated or deleted in the open transaction.
    func rowChanged(_ rowid: Int64)
    /// Part of the open transaction was undone (`ROLLBACK TO`), or (`all`) all of it.
    func rolledBack(all: Bool)
    /// The open transaction committed.
    func committed()
}
