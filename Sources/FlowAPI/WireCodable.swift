import FlowCore
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

extension ChannelCountView: WireEncodable {
    public func writeJSON(to out: inout [UInt8]) {
        JSONObjectWriter.write(to: &out) { object in
            object.add("channel", channel)
            object.add("length", length)
            object.add("limit", limit.map(Int64.init))
        }
    }
}

extension EventView: WireEncodable {
    /// Each event of a followed stream is written once for all followers, so its encoding is part of every
    /// follower's cost (bench/transitions --followers).
    public func writeJSON(to out: inout [UInt8]) {
        JSONObjectWriter.write(to: &out) { object in
            object.add("action", action)
            object.add("actor", actor)
            object.add("at", date: at)
            object.add("client", client)
            object.add("data", strings: data)
            object.add("draft", draft)
            object.add("from", from?.rawValue)
            object.add("id", id)
            object.add("message", message)
            object.add("revision", revision)
            object.add("to", to.rawValue)
            object.add("via", via)
        }
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
            object.add("channel_counts", count: channelCounts.count) { channelCounts[$0].writeJSON(to: &$1) }
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
            object.add("media", count: media.count) { media[$0].writeJSON(to: &$1) }
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
