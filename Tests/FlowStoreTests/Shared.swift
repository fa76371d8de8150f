import Synchronization

/// A value a test shares with the threads and closures it starts: a `Mutex`, which no escaping closure can capture
/// by itself, in a class that one can.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}
