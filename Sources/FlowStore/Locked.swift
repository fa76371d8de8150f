import Foundation

/// A value shared between threads that are not Swift tasks (a connection's event loop, the store's thread), behind a
/// pthread mutex: Synchronization's `Mutex` waits on a raw futex, which the thread sanitizer cannot see, so it
/// reported every hand-over of the write queue as a race.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
