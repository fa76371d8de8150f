public import FlowCore
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

    /// The daemon's status for one caller: every state counted (zero for those with no drafts), crises always
    /// present (empty when none runs).
    public init(_ reading: StatusReading) {
        var drafts: [String: Int] = [:]
        for state in DraftState.allCases { drafts[state.rawValue] = reading.drafts[state] ?? 0 }
        self.init(
            version: reading.version, pid: reading.pid, startedAt: reading.startedAt,
            uptimeSeconds: reading.now.timeIntervalSince(reading.startedAt), database: reading.database,
            socket: reading.socket, schemaVersion: reading.schemaVersion, drafts: drafts, you: reading.you,
            pendingTimers: reading.pendingTimers, nextTimer: reading.nextTimer,
            sinks: reading.sinks.map { SinkStatus($0) })
        crises = reading.crises.map { CrisisView($0) }
        orphanedDrafts = reading.orphanedDrafts
        failingTimers = reading.failingTimers
        failingTimer = reading.worstFailingTimer.map { "draft \($0.draftID), \($0.failures) failures: \($0.error)" }
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
    /// Taken by the sink and reaching nobody: not among `delivered`.
    public var skipped: Int?

    public init(
        name: String, target: String, format: String, state: String, disabledAt: Date?, reason: String?, pending: Int,
        delivered: Int, dead: Int, skipped: Int? = nil
    ) {
        self.skipped = skipped
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

    /// A sink's standing in words: a removed sink has no target or format (`-`) and says why it is still listed.
    public init(_ sink: SinkStanding) {
        let (state, disabledAt, reason): (String, Date?, String?) =
            switch sink.state {
            case .active: ("active", nil, nil)
            case .disabled(let at, let why): ("disabled", at, why)
            case .removed: ("removed", nil, "not in the config any more")
            }
        self.init(
            name: sink.name, target: sink.target ?? "-", format: sink.format?.rawValue ?? "-", state: state,
            disabledAt: disabledAt, reason: reason, pending: sink.pending, delivered: sink.delivered, dead: sink.dead,
            skipped: sink.skipped == 0 ? nil : sink.skipped)
    }
}

/// A finished backup.
public struct BackupView: Codable, Sendable {
    /// The backup's directory: `flowd.db` and `media/`.
    public var path: String
    /// The database copy's size.
    public var bytes: Int64
    public var seconds: Double
    /// How many media files the copy names, each in `media/`.
    public var media: Int?

    public init(path: String, bytes: Int64, seconds: Double, media: Int? = nil) {
        self.path = path
        self.bytes = bytes
        self.seconds = seconds
        self.media = media
    }
}
