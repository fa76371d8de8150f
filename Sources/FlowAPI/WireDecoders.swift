import FlowCore
import Foundation

// The answers flowctl reads, each by its hand decoder only (see `WireDecodable`). A field the Codable form gave a
// default is optional here too: absent, it keeps the default.

extension DraftView: WireObjectDecodable {
    public init(fields f: JSONFieldReader) throws {
        id = try f.int64("id")
        client = try f.string("client")
        lane = try f.value("lane")
        state = try f.value("state")
        revision = try f.int("revision")
        title = try f.string("title")
        body = try f.string("body")
        channels = try f.strings("channels")
        publishAt = try f.optionalDate("publish_at")
        contentHash = try f.string("content_hash")
        author = try f.string("author")
        revisionAuthor = try f.string("revision_author")
        revisionVia = try f.optionalString("revision_via")
        approvals = try f.objects("approvals", ApprovalView.init(fields:))
        approvalsRequired = try f.int("approvals_required")
        approvedHash = try f.optionalString("approved_hash")
        labels = try f.strings("labels")
        publishedUrl = try f.optionalString("published_url")
        externalId = try f.optionalString("external_id")
        createdAt = try f.date("created_at")
        updatedAt = try f.date("updated_at")
        allowedActions = try f.strings("allowed_actions")
        dueAt = try f.optionalDate("due_at")
        overdue = try f.bool("overdue", default: false)
        acknowledgedUntil = try f.optionalDate("acknowledged_until")
        reviewers = try f.strings("reviewers", default: [])
        whoseMove = try f.optionalString("whose_move")
        mustAct = try f.strings("must_act", default: [])
        orphan = try f.bool("orphan", default: false)
        replannedAt = try f.optionalDate("replanned_at")
        timeZone = try f.optionalString("time_zone") ?? "UTC"
        next = try f.objects("next", default: [], NextStepView.init(fields:))
        template = try f.optionalString("template")
        fromTemplate = try f.optionalInt64("from_template")
        reviewMode = try f.optionalString("review_mode")
        autonomy = try f.optionalString("autonomy")
        channelCounts = try f.objects("channel_counts", default: [], ChannelCountView.init(fields:))
        media = try f.objects("media", default: [], MediumView.init(fields:))
    }
}

extension ChannelCountView: WireObjectDecodable {
    public init(fields f: JSONFieldReader) throws {
        channel = try f.string("channel")
        length = try f.int("length")
        limit = try f.optionalInt("limit")
    }
}

extension ApprovalView: WireObjectDecodable {
    public init(fields f: JSONFieldReader) throws {
        user = try f.string("user")
        revision = try f.int("revision")
        at = try f.date("at")
    }
}

extension NextStepView: WireObjectDecodable {
    public init(fields f: JSONFieldReader) throws {
        at = try f.date("at")
        action = try f.string("action")
        rule = try f.string("rule")
        local = try f.string("local")
        notify = try f.strings("notify")
    }
}

extension DraftList: WireObjectDecodable {
    public init(fields f: JSONFieldReader) throws {
        drafts = try f.objects("drafts", DraftView.init(fields:))
        nextBefore = try f.optionalInt64("next_before")
    }
}

extension EventView: WireObjectDecodable {
    public init(fields f: JSONFieldReader) throws {
        id = try f.int64("id")
        draft = try f.int64("draft")
        at = try f.date("at")
        actor = try f.string("actor")
        via = try f.optionalString("via")
        action = try f.string("action")
        from = try f.optionalValue("from")
        to = try f.value("to")
        revision = try f.int("revision")
        message = try f.optionalString("message")
        data = try f.stringMap("data")
        client = try f.optionalString("client")
    }
}

extension EventList: WireObjectDecodable {
    public init(fields f: JSONFieldReader) throws {
        events = try f.objects("events", EventView.init(fields:))
        nextAfter = try f.optionalInt64("next_after")
    }
}
