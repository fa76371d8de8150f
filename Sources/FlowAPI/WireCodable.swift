public import FlowCore
public import Foundation

/// A wire type whose JSON is written by hand, on the hot path of every transition, and by nothing else: the
/// Codable form it replaced lives in the tests as the oracle (`WireOracleTests`), which fail when a stored property
/// is not written. The form is the wire's: snake_case keys, ISO-8601 dates, absent optionals left out, keys sorted.
public protocol WireEncodable {
    /// Appends the value's compact JSON to `out`.
    func writeJSON(to out: inout [UInt8])
}

/// A wire type read by its hand decoder only. Requests refuse a key they do not have (`invalid_request`, naming
/// it), so that a misspelt or newer field never passes unread; answers ignore one, so that an older flowctl reads
/// a newer daemon. A value of the wrong type or a missing required field is `bad_json`, naming the field.
public protocol WireDecodable {
    init(jsonData: Data) throws
}

extension WireEncodable {
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
public protocol WireEncodableTree: WireEncodable {
    var json: JSONValue { get }
}

extension WireEncodableTree {
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

extension ApprovalView: WireEncodable {
    public func writeJSON(to out: inout [UInt8]) {
        JSONObjectWriter.write(to: &out) { object in
            object.add("at", date: at)
            object.add("revision", revision)
            object.add("user", user)
        }
    }
}

extension NextStepView: WireEncodable {
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

extension EventView: WireEncodableTree {
    /// Each event of a followed stream is written once for all followers; Foundation's encoder was most of the
    /// cost of many followers (bench/transitions --followers).
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

extension WebhookOutcomeView: WireEncodable {
    /// Every webhook's answer: Foundation's encoder was a visible part of a webhook transition's CPU
    /// (bench/webhooks), and a `JSONValue` tree most of the answer's own cost (bench/instructions).
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

extension DraftView: WireEncodable {
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

extension DraftList: WireEncodable {
    public func writeJSON(to out: inout [UInt8]) {
        JSONObjectWriter.write(to: &out) { object in
            object.add("drafts", count: drafts.count) { drafts[$0].writeJSON(to: &$1) }
            object.add("next_before", nextBefore)
        }
    }
}

extension EventList: WireEncodable {
    public func writeJSON(to out: inout [UInt8]) {
        JSONObjectWriter.write(to: &out) { object in
            object.add("events", count: events.count) { events[$0].writeJSON(to: &$1) }
            object.add("next_after", nextAfter)
        }
    }
}

extension ActionRequest: WireEncodable {
    public func writeJSON(to out: inout [UInt8]) {
        JSONObjectWriter.write(to: &out) { object in
            object.add("body", body)
            object.add("channels", channels)
            object.add("clear_publish_at", clearPublishAt)
            object.add("content_hash", contentHash)
            object.add("external_id", externalId)
            object.add("message", message)
            object.add("publish_at", date: publishAt)
            object.add("revision", revision.map(Int64.init))
            object.add("title", title)
            object.add("until", date: until)
            object.add("url", url)
        }
    }
}
