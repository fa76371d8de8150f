import FlowAPI
import FlowCore
import FlowStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// An event as followers get it: the event, for filtering, and its JSON line, encoded once for all of them.
struct FeedEntry: Sendable {
    var logged: LoggedEvent
    var line: [UInt8]

    init(_ logged: LoggedEvent) {
        self.logged = logged
        var line = EventView(logged.event, client: logged.client).jsonBytes
        line.append(10)
        self.line = line
    }
}

/// Committed events for followers (`flowctl events -f`). One tailer reads what commits (woken by the engine after
/// each commit) and keeps the newest in memory, encoded, so that any number of followers cost the store one
/// query and each event one encoding, not one per follower. A follower further behind than the memory reads the
/// store itself, in pages, until it has caught up: nothing is missed and nothing doubled, from any `--since`.
/// While nobody follows, the tailer reads nothing: memory is marked stale, and the first follower finds its
/// events in the store while the tailer starts afresh from the newest id (an idle feed cost every commit a store
/// read and an encoding; docs/benchmarks.md, "What shaped the request path").
final class EventFeed: Sendable {
    private struct State {
        /// The newest committed events, in id order.
        var recent: [FeedEntry] = []
        /// The size of their lines: messages of up to 16 KB make the count alone a poor bound on memory.
        var bytes = 0
        /// `recent` holds every event with an id above this one.
        var complete: Int64 = 0
        /// The newest id read from the store.
        var head: Int64 = 0
        var closed = false
        /// Nobody followed when events committed: memory and `head` are behind the store.
        var stale = false
        var followers = 0
    }

    /// Behind a lock: the tailer, the streams and the transitions' threads share it.
    private let state = Mutex(State())
    let store: Store
    let committed = Nudge()
    let changes = Changes()
    static let capacity = 4096
    static let capacityBytes = 8 << 20
    /// Memory may run this many events over `capacity` before it is trimmed, so that the move of what stays
    /// happens once per this many events, not at every commit.
    static let slack = 1024

    init(store: Store) { self.store = store }

    var head: Int64 { state.withLock { $0.head } }
    var isClosed: Bool { state.withLock { $0.closed } }

    /// A follow stream starts: the tailer reads again, from the newest event on.
    func followerStarted() {
        state.withLock { $0.followers += 1 }
        committed.signal()
    }

    func followerEnded() { state.withLock { $0.followers -= 1 } }

    /// A transaction committed events. The tailer is woken only while somebody follows: waking it cost every commit
    /// three context switches and a timer on Swift's pool (per-thread counters in /proc, one client).
    func eventsCommitted() {
        let followed = state.withLock { state in
            if state.followers == 0 { state.stale = true }
            return state.followers > 0
        }
        if followed { committed.signal() }
    }

    /// Events after `cursor` from memory, or nil when memory does not reach back that far (or is stale).
    func recent(after cursor: Int64, limit: Int) -> [FeedEntry]? {
        state.withLock { state in
            guard !state.stale, cursor >= state.complete else { return nil }
            var low = 0
            var high = state.recent.count
            while low < high {
                let middle = (low + high) / 2
                if state.recent[middle].logged.event.id <= cursor { low = middle + 1 } else { high = middle }
            }
            return Array(state.recent[low..<min(state.recent.count, low + limit)])
        }
    }

    /// Reads what committed since the last read, pages at a time, into memory, and wakes the followers.
    func catchUp() async throws {
        let (idle, stale) = state.withLock { state in
            if state.followers == 0 { state.stale = true }
            return (state.followers == 0, state.stale)
        }
        if idle { return }
        if stale {
            // Start afresh from the newest event: followers read anything older from the store.
            let newest = try await store.lastEventID()
            state.withLock { state in
                state.recent = []
                state.bytes = 0
                state.head = newest
                state.complete = newest
                state.stale = false
            }
        }
        while true {
            let batch = try await store.events(after: head, limit: EventStream.page)
            guard let last = batch.last else { return }
            let entries = batch.map(FeedEntry.init)
            state.withLock { state in
                state.recent.append(contentsOf: entries)
                state.bytes += entries.reduce(0) { $0 + $1.line.count }
                guard state.recent.count > Self.capacity + Self.slack || state.bytes > Self.capacityBytes else {
                    state.head = last.event.id
                    return
                }
                var drop = max(0, state.recent.count - Self.capacity)
                var bytes = state.bytes
                for entry in state.recent[..<drop] { bytes -= entry.line.count }
                while bytes > Self.capacityBytes && drop < state.recent.count - 1 {
                    bytes -= state.recent[drop].line.count
                    drop += 1
                }
                if drop > 0 {
                    state.complete = state.recent[drop - 1].logged.event.id
                    state.recent.removeFirst(drop)
                    state.bytes = bytes
                }
                state.head = last.event.id
            }
            changes.signal()
            if batch.count < EventStream.page { return }
        }
    }

    func start() async throws {
        let head = try await store.lastEventID()
        state.withLock { state in
            state.head = head
            state.complete = head
        }
    }

    /// Ends every stream (at shutdown): followers finish their responses so the server can stop.
    func close() {
        state.withLock { $0.closed = true }
        changes.signal()
    }
}

/// Wakes every waiting follower at once; a waiter that arrives after a signal sees the new generation and does
/// not wait.
final class Changes: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    var generation: UInt64 { state.withLock { $0.generation } }

    func signal() {
        let waiters = state.withLock { state in
            state.generation &+= 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the generation differs from `seen`, after `seconds`, or on cancellation.
    func wait(since seen: UInt64, atMost seconds: Double) async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let now = self.state.withLock { state -> Bool in
                            if state.generation != seen || Task.isCancelled { return true }
                            state.waiters[id] = continuation
                            return false
                        }
                        if now { continuation.resume() }
                    }
                } onCancel: {
                    self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
                }
            }
            group.addTask { try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) }
            await group.next()
            group.cancelAll()
        }
    }
}
