import Synchronization

/// Who wants to hear of each group commit (its duration and how many transitions it carried): the daemon's
/// metrics. Set once, synchronously, so the store needs no metrics library of its own.
public final class CommitObserver: Sendable {
    private let observer = Mutex<(@Sendable (Duration, Int) -> Void)?>(nil)

    public init() {}

    public func observe(_ observer: @escaping @Sendable (Duration, Int) -> Void) {
        self.observer.withLock { $0 = observer }
    }

    func committed(took duration: Duration, batch: Int) {
        observer.withLock { $0 }?(duration, batch)
    }
}
