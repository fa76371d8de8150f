import Synchronization

/// Who wants to hear of each group commit (its duration and how many transitions it carried): the daemon's
/// metrics. Set once, synchronously, so the store needs no metrics library of its own.
///
/// The closure is kept in a class, never as a `Mutex`'s value: a closure read out of a generic `inout` with
/// `withLock { $0 }` is written back one reabstraction thunk deeper each time, and after a few thousand commits
/// calling it cost more than the transition itself.
public final class CommitObserver: Sendable {
    private final class Listener: Sendable {
        let call: @Sendable (Duration, Int) -> Void
        init(_ call: @escaping @Sendable (Duration, Int) -> Void) { self.call = call }
    }

    private let listener = Mutex<Listener?>(nil)

    public init() {}

    public func observe(_ observer: @escaping @Sendable (Duration, Int) -> Void) {
        let listener = Listener(observer)
        self.listener.withLock { $0 = listener }
    }

    func committed(took duration: Duration, batch: Int) {
        listener.withLock { $0 }?.call(duration, batch)
    }
}
