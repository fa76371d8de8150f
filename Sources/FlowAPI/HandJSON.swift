public import FlowCore
public import Foundation

/// A wire type whose JSON the daemon writes by hand on the hot path of every transition; it decodes exactly as
/// the Codable form does (snake_case keys, ISO-8601 dates, absent optionals left out, keys sorted).
public protocol HandEncoded {
    /// Appends the value's compact JSON to `out`.
    func writeJSON(to out: inout [UInt8])
}

extension HandEncoded {
    /// The value's compact JSON.
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        writeJSON(to: &out)
        return out
    }

    public var jsonText: String { String(decoding: jsonBytes, as: UTF8.self) }
}

/// A hand-encoded type that builds its JSON as a tree first, for callers that embed it in other JSON.
public protocol HandEncodedTree: HandEncoded {
    var json: JSONValue { get }
}

extension HandEncodedTree {
    public func writeJSON(to out: inout [UInt8]) { json.write(to: &out) }
}

/// Builds a JSON object with its keys sorted and nil values left out, as `WireJSON.encoder()` writes it.
struct SortedObject {
    private var members: [(String, JSONValue)] = []

    mutating func add(_ key: String, _ value: JSONValue?) {
        if let value { members.append((key, value)) }
    }

    var value: JSONValue { .object(members.sorted { $0.0 < $1.0 }) }
}

extension ApprovalView: HandEncoded {
    public func writeJSON(to out: inout [UInt8]) {
        JSONObjectWriter.write(to: &out) { object in
            object.add("at", date: at)
            object.add("revision", revision)
            object.add("user", user)
        }
    }
}

extension NextStepView: HandEncoded {
    public func writeJSON(to out: inout [UInt8]) {
        JSONObjectWriter.write(to: &out) { object in
            object.add("action", action)
            object.add("at", date: at)
            object.add("local", local)
            object.add("notify", notify)
            object.add("rule", rule)
        }
    }
}

extension EventView: HandEncodedTree {
    /// Each event of a followed stream is written once for all followers; Foundation's encoder was most of the
    /// cost of 16 followers (bench/transitions --followers).
    public var json: JSONValue {
        var object = SortedObject()
        object.add("action", .string(action))
        object.add("actor", .string(actor))
        object.add("at", .string(isoUTC(at)))
        object.add("client", client.map(JSONValue.string))
        object.add("data", .object(data.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        object.add("draft", .int(draft))
        object.add("from", from.map { .string($0.rawValue) })
        object.add("id", .int(id))
        object.add("message", message.map(JSONValue.string))
        object.add("revision", .int(Int64(revision)))
        object.add("to", .string(to.rawValue))
        object.add("via", via.map(JSONValue.string))
        return object.value
    }
}

extension WebhookOutcome: HandEncoded {
    /// Every webhook's answer: Foundation's encoder was 3 % of a webhook transition's CPU (bench/webhooks), and a
    /// `JSONValue` tree 6,000 instructions (bench/instructions).
    public func writeJSON(to out: inout [UInt8]) {
        JSONObjectWriter.write(to: &out) { object in
            object.add("action", action)
            object.add("draft", draft)
            object.add("duplicate", duplicate)
            object.add("event", event)
            object.add("ok", ok)
            object.add("revision", revision.map(Int64.init))
            object.add("state", state)
        }
    }
}

extension DraftView: HandEncoded {
    public func writeJSON(to out: inout [UInt8]) {
        JSONObjectWriter.write(to: &out) { object in
            object.add("acknowledged_until", date: acknowledgedUntil)
            object.add("allowed_actions", allowedActions)
            object.add("approvals", count: approvals.count) { approvals[$0].writeJSON(to: &$1) }
            object.add("approvals_required", approvalsRequired)
            object.add("approved_hash", approvedHash)
            object.add("author", author)
            object.add("autonomy", autonomy)
            object.add("body", body)
            object.add("channels", channels)
            object.add("client", client)
            object.add("content_hash", contentHash)
            object.add("created_at", date: createdAt)
            object.add("due_at", date: dueAt)
            object.add("external_id", externalId)
            object.add("from_template", fromTemplate)
            object.add("id", id)
            object.add("labels", labels)
            object.add("lane", lane.rawValue)
            object.add("must_act", mustAct)
            object.add("next", count: next.count) { next[$0].writeJSON(to: &$1) }
            object.add("orphan", orphan)
            object.add("overdue", overdue)
            object.add("publish_at", date: publishAt)
            object.add("published_url", publishedUrl)
            object.add("replanned_at", date: replannedAt)
            object.add("review_mode", reviewMode)
            object.add("reviewers", reviewers)
            object.add("revision", revision)
            object.add("revision_author", revisionAuthor)
            object.add("revision_via", revisionVia)
            object.add("state", state.rawValue)
            object.add("template", template)
            object.add("time_zone", timeZone)
            object.add("title", title)
            object.add("updated_at", date: updatedAt)
            object.add("whose_move", whoseMove)
        }
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
        revisionVia = o["revision_via"] as? String
        mustAct = strings("must_act") ?? []
        orphan = (o["orphan"] as? Bool) ?? false
        replannedAt = date("replanned_at")
        template = o["template"] as? String
        fromTemplate = (o["from_template"] as? NSNumber)?.int64Value
        reviewMode = o["review_mode"] as? String
        autonomy = o["autonomy"] as? String
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
    public func writeJSON(to out: inout [UInt8]) {
        JSONObjectWriter.write(to: &out) { object in
            object.add("drafts", count: drafts.count) { drafts[$0].writeJSON(to: &$1) }
            object.add("next_before", nextBefore)
        }
    }
}

extension ActionRequest: HandDecoded {
    /// Every transition's body: read without JSONDecoder, which was 4 % of flowd's CPU at 16 clients
    /// (docs/benchmarks.md, "The request path"), and when it is flat JSON, without JSONSerialization too. Keys and
    /// types as the Codable form; anything else is nil, and the caller lets JSONDecoder say what is wrong.
    public init?(jsonData: Data) {
        var request = ActionRequest()
        guard FastJSON.members(of: jsonData, { request.take($0, $1) }) else { return nil }
        self = request
    }

    /// Sets the field `key` names; false when a known key has a value of another type (nil: one the flat reader
    /// does not know). Other keys are ignored, as the Codable form ignores them.
    private mutating func take(_ key: String, _ value: FlatJSON.Value?) -> Bool {
        switch (key, value) {
        case ("revision", .integer(let int)?):
            revision = int
        case ("message", .string(let text)?): message = text
        case ("title", .string(let text)?): title = text
        case ("body", .string(let text)?): body = text
        case ("url", .string(let text)?): url = text
        case ("external_id", .string(let text)?): externalId = text
        case ("content_hash", .string(let text)?): contentHash = text
        case ("channels", .strings(let list)?): channels = list
        case ("publish_at", .string(let text)?), ("until", .string(let text)?):
            guard let date = WireJSON.parseDate(text) else { return false }
            if key == "until" { until = date } else { publishAt = date }
        // Only a real JSON boolean: Foundation would also turn the number 1 into true.
        case ("clear_publish_at", .bool(let flag)?): clearPublishAt = flag
        case ("revision", _), ("message", _), ("title", _), ("body", _), ("url", _), ("external_id", _),
            ("content_hash", _), ("channels", _), ("publish_at", _), ("until", _), ("clear_publish_at", _):
            return false
        default:
            break
        }
        return true
    }
}

/// How the fast readers (`ActionRequest(jsonData:)`, the daemon's webhook bodies) take values from
/// JSONSerialization's output the way JSONDecoder would read them.
public enum FastJSON {
    /// An integer, as JSONDecoder reads one into an Int: not a boolean, and exact. Read through a Double, which holds
    /// integers exactly only up to 2^53; past that, nil, and JSONDecoder reads it.
    public static func integer(_ value: Any) -> Int? {
        guard let number = value as? NSNumber, !isBoolean(number), let int = Int(exactly: number.doubleValue),
            int.magnitude < 1 << 53
        else { return nil }
        return int
    }

    /// JSONSerialization gives `true` and `false` as NSNumbers of type char, and never a number so.
    public static func isBoolean(_ number: NSNumber) -> Bool { number.objCType.pointee == CChar(UInt8(ascii: "c")) }

    /// Hands each member of the JSON object in `data` to `take`, read by `FlatJSON` when the body is flat and by
    /// JSONSerialization otherwise, a repeated key once with its last value either way. False when `data` is not an
    /// object or `take` refused a member.
    public static func members(of data: Data, _ take: (String, FlatJSON.Value?) -> Bool) -> Bool {
        if let members = FlatJSON.object(data) {
            return members.allSatisfy { take($0.key, $0.value) }
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object.allSatisfy { take($0.key, flat($0.value)) }
    }

    /// A value of JSONSerialization's output as the flat reader would give it, by the rules above; nil for any other
    /// kind (null, a fraction, an object, an array of other things).
    public static func flat(_ value: Any) -> FlatJSON.Value? {
        if let text = value as? String { return .string(text) }
        if let number = value as? NSNumber {
            if isBoolean(number) { return .bool(number.boolValue) }
            return integer(number).map(FlatJSON.Value.integer)
        }
        if let list = value as? [String] { return .strings(list) }
        return nil
    }
}
