import FlowStore

/// How many group commits a store made since this was made: told by the store's commit observer, as the daemon's
/// metrics are, so the store keeps no count for tests.
final class CommitCount: Sendable {
    private let count = Shared(0)

    init(_ store: Store) {
        store.commits.observe { [count] _, _ in count.withLock { $0 += 1 } }
    }

    var value: Int { count.withLock { $0 } }
}
