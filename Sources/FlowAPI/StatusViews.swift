public import Foundation

/// Answer of `GET /v1/status`.
public struct StatusView: Codable, Sendable {
    public var version: String
    public var pid: Int32
    public var startedAt: Date
    public var uptimeSeconds: Double
    public var database: String
    public var socket: String
    public var schemaVersion: Int
    public var drafts: [String: Int]
    public var you: String
    public var pendingTimers: Int
    public var nextTimer: Date?
    public var sinks: [SinkStatus] = []
    /// Open drafts whose client is not in the config (shown to callers who see every client).
    public var orphanedDrafts: Int?
    /// Timers that failed to fire and wait to be tried again, and what the worst of them says.
    public var failingTimers: Int?
    public var failingTimer: String?
    /// Crises running now, in the caller's scope.
    public var crises: [CrisisView]?

    public init(
        version: String, pid: Int32, startedAt: Date, uptimeSeconds: Double, database: String, socket: String,
        schemaVersion: Int, drafts: [String: Int], you: String, pendingTimers: Int, nextTimer: Date?,
        sinks: [SinkStatus] = []
    ) {
        self.sinks = sinks
        self.pendingTimers = pendingTimers
        self.nextTimer = nextTimer
        self.version = version
        self.pid = pid
        self.startedAt = startedAt
        self.uptimeSeconds = uptimeSeconds
        self.database = database
        self.socket = socket
        self.schemaVersion = schemaVersion
        self.drafts = drafts
        self.you = you
    }
}

/// One notification sink as `flowctl status` shows it. URLs show scheme and host only: a Slack webhook URL's
/// path is itself a secret.
public struct SinkStatus: Codable, Sendable, Equatable {
    public var name: String
    public var target: String
    public var format: String
    /// active, or disabled (after a 410 Gone).
    public var state: String
    public var disabledAt: Date?
    public var reason: String?
    public var pending: Int
    public var delivered: Int
    public var dead: Int

    public init(
        name: String, target: String, format: String, state: String, disabledAt: Date?, reason: String?, pending: Int,
        delivered: Int, dead: Int
    ) {
        self.name = name
        self.target = target
        self.format = format
        self.state = state
        self.disabledAt = disabledAt
        self.reason = reason
        self.pending = pending
        self.delivered = delivered
        self.dead = dead
    }
}

/// A finished backup.
public struct BackupView: Codable, Sendable {
    public var path: String
    public var bytes: Int64
    public var seconds: Double

    public init(path: String, bytes: Int64, seconds: Double) {
        self.path = path
        self.bytes = bytes
        self.seconds = seconds
    }
}
