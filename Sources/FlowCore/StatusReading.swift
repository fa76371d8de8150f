public import Foundation

/// The daemon as `flowctl status` shows it to one caller: its plain facts, then counts within the caller's scope.
/// The orphan and failing-timer figures are for callers who see every client, and nil for the others.
public struct StatusReading: Sendable {
    public var version: String
    public var pid: Int32
    public var startedAt: Date
    public var now: Date
    public var database: String
    public var socket: String
    public var schemaVersion: Int
    public var drafts: [DraftState: Int]
    /// The caller's user name.
    public var you: String
    public var pendingTimers: Int
    public var nextTimer: Date?
    public var sinks: [SinkStanding]
    public var crises: [Crisis]
    public var orphanedDrafts: Int?
    public var failingTimers: Int?
    /// The timer that failed most often, and what it said last.
    public var worstFailingTimer: (draftID: Int64, failures: Int, error: String)?

    public init(
        version: String, pid: Int32, startedAt: Date, now: Date, database: String, socket: String,
        schemaVersion: Int, drafts: [DraftState: Int], you: String, pendingTimers: Int, nextTimer: Date?,
        sinks: [SinkStanding], crises: [Crisis]
    ) {
        self.version = version
        self.pid = pid
        self.startedAt = startedAt
        self.now = now
        self.database = database
        self.socket = socket
        self.schemaVersion = schemaVersion
        self.drafts = drafts
        self.you = you
        self.pendingTimers = pendingTimers
        self.nextTimer = nextTimer
        self.sinks = sinks
        self.crises = crises
    }
}
