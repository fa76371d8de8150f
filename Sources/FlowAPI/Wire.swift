public import FlowCore
public import Foundation

/// Stable error codes of the control API; flowctl maps them to exit codes.
public enum ErrorCode: String, Codable, Sendable {
    case notFound = "not_found"
    case invalidTransition = "invalid_transition"
    case staleRevision = "stale_revision"
    case forbidden = "forbidden"
    case invalidRequest = "invalid_request"
    case hashMismatch = "hash_mismatch"
    case badJSON = "bad_json"
    case payloadTooLarge = "payload_too_large"
    case unknownUser = "unknown_user"
    case notAdmin = "not_admin"
    case unknownAction = "unknown_action"
    case unauthorized = "unauthorized"
    case internalError = "internal"

    public init(_ code: Refusal.Code) {
        self = ErrorCode(rawValue: code.rawValue) ?? .invalidRequest
    }

    public var httpStatus: Int {
        switch self {
        case .notFound: 404
        case .invalidTransition, .staleRevision, .hashMismatch: 409
        case .unauthorized: 401
        case .forbidden, .unknownUser, .notAdmin: 403
        case .invalidRequest, .badJSON, .unknownAction: 400
        case .payloadTooLarge: 413
        case .internalError: 500
        }
    }

    /// flowctl's documented exit codes: 3 refused transition or stale revision, 4 not found, 1 otherwise.
    public var exitCode: Int32 {
        switch self {
        case .invalidTransition, .staleRevision, .hashMismatch, .forbidden: 3
        case .notFound: 4
        default: 1
        }
    }
}

/// The body of every error response: `{"error": {"code": ..., "message": ...}}`.
public struct ErrorEnvelope: Codable, Sendable {
    /// The error itself.
    public struct Detail: Codable, Sendable {
        public var code: ErrorCode
        public var message: String
    }

    public var error: Detail

    public init(code: ErrorCode, message: String) {
        error = Detail(code: code, message: message)
    }
}

/// Body of `POST /v1/drafts`.
public struct CreateRequest: Codable, Sendable {
    public var client: String
    public var title: String
    public var body: String?
    public var channels: [String]?
    public var lane: Lane?
    public var publishAt: Date?
    public var labels: [String]?
    public var message: String?

    public init(
        client: String, title: String, body: String? = nil, channels: [String]? = nil, lane: Lane? = nil,
        publishAt: Date? = nil, labels: [String]? = nil, message: String? = nil
    ) {
        self.client = client
        self.title = title
        self.body = body
        self.channels = channels
        self.lane = lane
        self.publishAt = publishAt
        self.labels = labels
        self.message = message
    }
}

/// Body of `POST /v1/drafts/{id}/{action}`; each action reads the fields it needs.
public struct ActionRequest: Codable, Sendable {
    public var revision: Int?
    public var message: String?
    public var title: String?
    public var body: String?
    public var channels: [String]?
    public var publishAt: Date?
    public var clearPublishAt: Bool?
    public var url: String?
    public var externalId: String?
    public var contentHash: String?
    /// For acknowledge: the time a decision is promised by.
    public var until: Date?

    public init(
        revision: Int? = nil, message: String? = nil, title: String? = nil, body: String? = nil,
        channels: [String]? = nil, publishAt: Date? = nil, clearPublishAt: Bool? = nil, url: String? = nil,
        externalId: String? = nil, contentHash: String? = nil, until: Date? = nil
    ) {
        self.until = until
        self.revision = revision
        self.message = message
        self.title = title
        self.body = body
        self.channels = channels
        self.publishAt = publishAt
        self.clearPublishAt = clearPublishAt
        self.url = url
        self.externalId = externalId
        self.contentHash = contentHash
    }
}

/// An approval as the API shows it.
public struct ApprovalView: Codable, Sendable, Equatable {
    public var user: String
    public var revision: Int
    public var at: Date
}

/// A draft as the API shows it.
public struct DraftView: Codable, Sendable, Equatable {
    public var id: Int64
    public var client: String
    public var lane: Lane
    public var state: DraftState
    public var revision: Int
    public var title: String
    public var body: String
    public var channels: [String]
    public var publishAt: Date?
    public var contentHash: String
    public var author: String
    public var revisionAuthor: String
    public var approvals: [ApprovalView]
    public var approvalsRequired: Int
    public var approvedHash: String?
    public var labels: [String]
    public var publishedUrl: String?
    public var externalId: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var allowedActions: [String]
    public var dueAt: Date?
    public var overdue: Bool = false
    public var acknowledgedUntil: Date?
    public var reviewers: [String] = []
    public var whoseMove: String?
    public var timeZone: String = "UTC"
    /// Pending deadlines and ladder steps, soonest first.
    public var next: [NextStepView] = []

    public init(_ draft: Draft, requiredApprovals: Int) {
        dueAt = draft.dueAt
        acknowledgedUntil = draft.acknowledgedUntil
        id = draft.id
        client = draft.client
        lane = draft.lane
        state = draft.state
        revision = draft.revision
        title = draft.content.title
        body = draft.content.body
        channels = draft.content.channels
        publishAt = draft.content.publishAt
        contentHash = draft.contentHash
        author = draft.author
        revisionAuthor = draft.revisionAuthor
        approvals = draft.currentApprovals.map { ApprovalView(user: $0.user, revision: $0.revision, at: $0.at) }
        approvalsRequired = requiredApprovals
        approvedHash = draft.approvedHash
        labels = draft.labels
        publishedUrl = draft.publishedURL
        externalId = draft.externalID
        createdAt = draft.createdAt
        updatedAt = draft.updatedAt
        allowedActions = Workflow.allowedActions(in: draft.state).map(\.rawValue)
    }
}

/// One event as the API shows it.
public struct EventView: Codable, Sendable, Equatable {
    public var id: Int64
    public var draft: Int64
    public var at: Date
    public var actor: String
    public var via: String?
    public var action: String
    public var from: DraftState?
    public var to: DraftState
    public var revision: Int
    public var message: String?
    public var data: [String: String]

    public init(_ event: Event) {
        id = event.id
        draft = event.draftID
        at = event.at
        actor = event.actor
        via = event.via
        action = event.action
        from = event.from
        to = event.to
        revision = event.revision
        message = event.message
        data = event.data
    }
}

/// Answer of `GET /v1/drafts`.
public struct DraftList: Codable, Sendable {
    public var drafts: [DraftView]
    /// Pass as `before` to get the next page; absent on the last page.
    public var nextBefore: Int64?

    public init(drafts: [DraftView], nextBefore: Int64?) {
        self.drafts = drafts
        self.nextBefore = nextBefore
    }
}

/// Answer of `GET /v1/drafts/{id}/events`.
public struct EventList: Codable, Sendable {
    public var events: [EventView]

    public init(events: [EventView]) { self.events = events }
}

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

/// One outbox row: a notification for one sink and how its delivery went.
public struct DeliveryView: Codable, Sendable, Equatable {
    public var id: Int64
    public var sink: String
    public var webhookId: String
    public var type: String
    public var draft: Int64
    public var event: Int64
    /// pending, delivered or dead.
    public var state: String
    public var createdAt: Date
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastAttemptAt: Date?
    public var lastStatus: Int?
    public var lastError: String?
    public var deliveredAt: Date?

    public init(
        id: Int64, sink: String, webhookId: String, type: String, draft: Int64, event: Int64, state: String,
        createdAt: Date, attempts: Int, nextAttemptAt: Date?, lastAttemptAt: Date?, lastStatus: Int?,
        lastError: String?, deliveredAt: Date?
    ) {
        self.id = id
        self.sink = sink
        self.webhookId = webhookId
        self.type = type
        self.draft = draft
        self.event = event
        self.state = state
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.deliveredAt = deliveredAt
    }
}

/// A page of deliveries, newest first.
public struct DeliveryList: Codable, Sendable {
    public var deliveries: [DeliveryView]
    public var nextBefore: Int64?

    public init(deliveries: [DeliveryView], nextBefore: Int64?) {
        self.deliveries = deliveries
        self.nextBefore = nextBefore
    }
}

/// Body of `POST /v1/backup`.
public struct BackupRequest: Codable, Sendable {
    /// Absolute; must not exist yet. The daemon writes it, as its own user.
    public var path: String

    public init(path: String) { self.path = path }
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

/// The JSON conventions of the wire: snake_case keys, ISO-8601 dates with fractional seconds.
public enum WireJSON {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatDate(date))
        }
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "\(quoted(text)) is not an ISO-8601 time like 2026-05-01T09:30:00Z"
                )
            }
            return date
        }
        return decoder
    }

    public static func formatDate(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(
                .colon
            ).timeZone(separator: .omitted))
    }

    /// Accepts ISO-8601 with or without fractional seconds and with `Z` or an offset.
    public static func parseDate(_ text: String) -> Date? {
        if let date = parseUTCMillis(text) { return date }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(
            text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// The form flowd itself writes, `2026-06-12T10:30:00.000Z`, read without Foundation's parsers.
func parseUTCMillis(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    guard bytes.count == 24, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
        bytes[19] == 46, bytes[23] == 90
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let digit = Int(bytes[index]) - 48
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
        let minute = number(14..<16), let second = number(17..<19), let millis = number(20..<23),
        (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var parts = tm()
    parts.tm_year = Int32(year - 1900)
    parts.tm_mon = Int32(month - 1)
    parts.tm_mday = Int32(day)
    parts.tm_hour = Int32(hour)
    parts.tm_min = Int32(minute)
    parts.tm_sec = Int32(second)
    let seconds = timegm(&parts)
    return Date(timeIntervalSince1970: Double(seconds) + Double(millis) / 1000)
}

/// A pending deadline or ladder step, or one line of a policy's timeline.
public struct NextStepView: Codable, Sendable, Equatable {
    public var at: Date
    public var action: String
    public var rule: String
    /// The time in the client's timezone, e.g. "2026-05-04 14:30 Europe/Berlin".
    public var local: String
    public var notify: [String]

    public init(at: Date, action: String, rule: String, local: String, notify: [String]) {
        self.at = at
        self.action = action
        self.rule = rule
        self.local = local
        self.notify = notify
    }
}

/// One line of `GET /v1/agenda`.
public struct AgendaItem: Codable, Sendable {
    public var draft: Int64
    public var title: String
    public var client: String
    public var lane: Lane
    public var state: DraftState
    public var whoseMove: String?
    public var step: NextStepView

    public init(
        draft: Int64, title: String, client: String, lane: Lane, state: DraftState, whoseMove: String?,
        step: NextStepView
    ) {
        self.draft = draft
        self.title = title
        self.client = client
        self.lane = lane
        self.state = state
        self.whoseMove = whoseMove
        self.step = step
    }
}

/// Answer of `GET /v1/agenda`.
public struct AgendaView: Codable, Sendable {
    public var now: Date
    public var items: [AgendaItem]

    public init(now: Date, items: [AgendaItem]) {
        self.now = now
        self.items = items
    }
}

/// Answer of `GET /v1/policy/explain`.
public struct PolicyExplanation: Codable, Sendable {
    public var client: String
    public var lane: Lane
    public var from: Date
    public var timeZone: String
    public var clock: String
    public var requiredApprovals: Int
    public var autoApprove: Bool
    public var maxAcknowledge: String
    public var steps: [NextStepView]

    public init(
        client: String, lane: Lane, from: Date, timeZone: String, clock: String, requiredApprovals: Int,
        autoApprove: Bool, maxAcknowledge: String, steps: [NextStepView]
    ) {
        self.client = client
        self.lane = lane
        self.from = from
        self.timeZone = timeZone
        self.clock = clock
        self.requiredApprovals = requiredApprovals
        self.autoApprove = autoApprove
        self.maxAcknowledge = maxAcknowledge
        self.steps = steps
    }
}

/// Answer of `POST /hooks/<source>`: the transition, or for a redelivery the first one's outcome.
public struct WebhookOutcome: Codable, Sendable, Equatable {
    public var ok: Bool
    public var duplicate: Bool
    public var draft: Int64
    public var action: String?
    public var state: String?
    public var revision: Int?
    public var event: Int64?

    public init(duplicate: Bool, stored: [String: String]) {
        ok = true
        self.duplicate = duplicate
        draft = Int64(stored["draft"] ?? "") ?? 0
        action = stored["action"]
        state = stored["state"]
        revision = stored["revision"].flatMap(Int.init)
        event = stored["event"].flatMap(Int64.init)
    }
}

/// A wire type whose JSON the daemon writes by hand on the hot path of every transition; it decodes exactly as
/// the Codable form does (snake_case keys, ISO-8601 dates, absent optionals left out, keys sorted).
public protocol HandEncoded {
    var json: JSONValue { get }
}

/// Builds a JSON object with its keys sorted and nil values left out, as `WireJSON.encoder()` writes it.
struct SortedObject {
    private var members: [(String, JSONValue)] = []

    mutating func add(_ key: String, _ value: JSONValue?) {
        if let value { members.append((key, value)) }
    }

    var value: JSONValue { .object(members.sorted { $0.0 < $1.0 }) }
}

private func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

extension ApprovalView: HandEncoded {
    public var json: JSONValue {
        .object([("at", .string(isoUTC(at))), ("revision", .int(Int64(revision))), ("user", .string(user))])
    }
}

extension NextStepView: HandEncoded {
    public var json: JSONValue {
        .object([
            ("action", .string(action)), ("at", .string(isoUTC(at))), ("local", .string(local)),
            ("notify", strings(notify)), ("rule", .string(rule)),
        ])
    }
}

extension DraftView: HandEncoded {
    public var json: JSONValue {
        var object = SortedObject()
        object.add("acknowledged_until", acknowledgedUntil.map { .string(isoUTC($0)) })
        object.add("allowed_actions", strings(allowedActions))
        object.add("approvals", .array(approvals.map(\.json)))
        object.add("approvals_required", .int(Int64(approvalsRequired)))
        object.add("approved_hash", approvedHash.map(JSONValue.string))
        object.add("author", .string(author))
        object.add("body", .string(body))
        object.add("channels", strings(channels))
        object.add("client", .string(client))
        object.add("content_hash", .string(contentHash))
        object.add("created_at", .string(isoUTC(createdAt)))
        object.add("due_at", dueAt.map { .string(isoUTC($0)) })
        object.add("external_id", externalId.map(JSONValue.string))
        object.add("id", .int(id))
        object.add("labels", strings(labels))
        object.add("lane", .string(lane.rawValue))
        object.add("next", .array(next.map(\.json)))
        object.add("overdue", .bool(overdue))
        object.add("publish_at", publishAt.map { .string(isoUTC($0)) })
        object.add("published_url", publishedUrl.map(JSONValue.string))
        object.add("reviewers", strings(reviewers))
        object.add("revision", .int(Int64(revision)))
        object.add("revision_author", .string(revisionAuthor))
        object.add("state", .string(state.rawValue))
        object.add("time_zone", .string(timeZone))
        object.add("title", .string(title))
        object.add("updated_at", .string(isoUTC(updatedAt)))
        object.add("whose_move", whoseMove.map(JSONValue.string))
        return object.value
    }
}

/// A wire type that can also be read without JSONDecoder; nil means "let JSONDecoder try", for its errors.
public protocol HandDecoded {
    init?(jsonData: Data)
}

extension DraftView: HandDecoded {
    /// Reads the JSON `HandEncoded` writes (and the Codable form, which is the same) without JSONDecoder; nil when
    /// anything is missing or of the wrong type, and the caller falls back to JSONDecoder for its error message.
    public init?(jsonData: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: jsonData) as? [String: Any] else { return nil }
        self.init(jsonObject: object)
    }

    init?(jsonObject o: [String: Any]) {
        func date(_ key: String) -> Date? { (o[key] as? String).flatMap(WireJSON.parseDate) }
        func int(_ key: String) -> Int? { (o[key] as? NSNumber)?.intValue }
        func strings(_ key: String) -> [String]? { o[key] as? [String] }
        guard let id = (o["id"] as? NSNumber)?.int64Value, let client = o["client"] as? String,
            let lane = (o["lane"] as? String).flatMap(Lane.init(rawValue:)),
            let state = (o["state"] as? String).flatMap(DraftState.init(rawValue:)), let revision = int("revision"),
            let title = o["title"] as? String, let body = o["body"] as? String, let channels = strings("channels"),
            let contentHash = o["content_hash"] as? String, let author = o["author"] as? String,
            let revisionAuthor = o["revision_author"] as? String, let approvalsRequired = int("approvals_required"),
            let labels = strings("labels"), let createdAt = date("created_at"), let updatedAt = date("updated_at"),
            let allowedActions = strings("allowed_actions"), let rawApprovals = o["approvals"] as? [[String: Any]]
        else { return nil }
        var approvals: [ApprovalView] = []
        for approval in rawApprovals {
            guard let user = approval["user"] as? String, let revision = (approval["revision"] as? NSNumber)?.intValue,
                let at = (approval["at"] as? String).flatMap(WireJSON.parseDate)
            else { return nil }
            approvals.append(ApprovalView(user: user, revision: revision, at: at))
        }
        var next: [NextStepView] = []
        for step in o["next"] as? [[String: Any]] ?? [] {
            guard let at = (step["at"] as? String).flatMap(WireJSON.parseDate), let action = step["action"] as? String,
                let rule = step["rule"] as? String, let local = step["local"] as? String,
                let notify = step["notify"] as? [String]
            else { return nil }
            next.append(NextStepView(at: at, action: action, rule: rule, local: local, notify: notify))
        }
        self.init(
            id: id, client: client, lane: lane, state: state, revision: revision, title: title, body: body,
            channels: channels, publishAt: date("publish_at"), contentHash: contentHash, author: author,
            revisionAuthor: revisionAuthor, approvals: approvals, approvalsRequired: approvalsRequired,
            approvedHash: o["approved_hash"] as? String, labels: labels, publishedUrl: o["published_url"] as? String,
            externalId: o["external_id"] as? String, createdAt: createdAt, updatedAt: updatedAt,
            allowedActions: allowedActions, dueAt: date("due_at"), overdue: (o["overdue"] as? Bool) ?? false,
            acknowledgedUntil: date("acknowledged_until"), reviewers: strings("reviewers") ?? [],
            whoseMove: o["whose_move"] as? String, timeZone: (o["time_zone"] as? String) ?? "UTC", next: next)
    }

    init(
        id: Int64, client: String, lane: Lane, state: DraftState, revision: Int, title: String, body: String,
        channels: [String], publishAt: Date?, contentHash: String, author: String, revisionAuthor: String,
        approvals: [ApprovalView], approvalsRequired: Int, approvedHash: String?, labels: [String],
        publishedUrl: String?, externalId: String?, createdAt: Date, updatedAt: Date, allowedActions: [String],
        dueAt: Date?, overdue: Bool, acknowledgedUntil: Date?, reviewers: [String], whoseMove: String?,
        timeZone: String, next: [NextStepView]
    ) {
        self.id = id
        self.client = client
        self.lane = lane
        self.state = state
        self.revision = revision
        self.title = title
        self.body = body
        self.channels = channels
        self.publishAt = publishAt
        self.contentHash = contentHash
        self.author = author
        self.revisionAuthor = revisionAuthor
        self.approvals = approvals
        self.approvalsRequired = approvalsRequired
        self.approvedHash = approvedHash
        self.labels = labels
        self.publishedUrl = publishedUrl
        self.externalId = externalId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.allowedActions = allowedActions
        self.dueAt = dueAt
        self.overdue = overdue
        self.acknowledgedUntil = acknowledgedUntil
        self.reviewers = reviewers
        self.whoseMove = whoseMove
        self.timeZone = timeZone
        self.next = next
    }
}

extension DraftList: HandEncoded {
    public var json: JSONValue {
        var object = SortedObject()
        object.add("drafts", .array(drafts.map(\.json)))
        object.add("next_before", nextBefore.map(JSONValue.int))
        return object.value
    }
}
