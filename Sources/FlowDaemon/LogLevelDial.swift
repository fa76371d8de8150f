public import Logging
import Synchronization

/// The log level in force, shared by every logger of the process. swift-log copies a handler's level into each
/// `Logger` value, so a level set once at bootstrap could never change; the dial lets a reload change it.
public final class LogLevelDial: Sendable {
    private let current: Mutex<Logger.Level>
    /// Set on the command line (`--log-level`): it outranks the config, so a reload leaves it alone.
    public let pinned: Bool

    public init(_ level: Logger.Level, pinned: Bool) {
        current = Mutex(level)
        self.pinned = pinned
    }

    public var level: Logger.Level {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}

/// Wraps the process's real handler (journal or stream) and asks the dial for the level on every record.
public struct DialedLogHandler: LogHandler {
    private var inner: any LogHandler
    private let dial: LogLevelDial
    /// A level set on one logger (e.g. to keep a library's per-request lines quiet) only ever raises the dial's.
    private var floor: Logger.Level = .trace

    public init(_ inner: any LogHandler, dial: LogLevelDial) {
        var inner = inner
        inner.logLevel = .trace
        self.inner = inner
        self.dial = dial
    }

    public var logLevel: Logger.Level {
        get { max(dial.level, floor) }
        set { floor = newValue }
    }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        inner.log(event: event)
    }
}
