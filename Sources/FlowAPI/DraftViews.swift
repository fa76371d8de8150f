public import FlowCore
public import Foundation

/// An approval as the API shows it.
public struct ApprovalView: Sendable, Equatable {
    public var user: String
    public var revision: Int
    public var at: Date
}

/// A draft as the API shows it.
public struct DraftView: Sendable, Equatable {
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
    /// The admin who wrote the current revision in `revisionAuthor`'s name.
    public var revisionVia: String?
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
    /// The people expected to move the draft on now.
    public var mustAct: [String] = []
    /// The draft's client is not in the config: only admins may act on it.
    public var orphan: Bool = false
    /// When a config change last re-planned the draft's pending steps.
    public var replannedAt: Date?
    public var timeZone: String = "UTC"
    /// Pending deadlines and ladder steps, soonest first.
    public var next: [NextStepView] = []
    /// `client/name` when the draft is a template.
    public var template: String?
    /// The template (its draft id) this draft was made from.
    public var fromTemplate: Int64?
    /// "unless-objected" while the draft's review is an objection window under earned autonomy.
    public var reviewMode: String?
    /// Where the client grants the draft's lane autonomy: where the lane stands and why (`flowctl show`).
    public var autonomy: String?
    /// Each channel's count of the text in its own unit against its limit (`flowctl show`: "x 120/280").
    public var channelCounts: [ChannelCountView] = []
    /// The current revision's pictures and videos, in the order they are posted.
    public var media: [MediumView] = []

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
        revisionVia = draft.revisionVia
        approvals = draft.currentApprovals.map { ApprovalView(user: $0.user, revision: $0.revision, at: $0.at) }
        approvalsRequired = requiredApprovals
        approvedHash = draft.approvedHash
        labels = draft.labels
        publishedUrl = draft.publishedURL
        externalId = draft.externalID
        createdAt = draft.createdAt
        updatedAt = draft.updatedAt
        allowedActions = Workflow.allowedActions(for: draft).map(\.rawValue)
        template = draft.template.map { TemplateRules.fullName(client: draft.client, name: $0.name) }
        fromTemplate = draft.fromTemplate
        if draft.reviewMode != .normal { reviewMode = draft.reviewMode.rawValue }
        media = draft.content.media.map(MediumView.init)
    }

    /// The draft as the engine read it, with who must act, its pending steps in its client's time zone, and on
    /// `show` where its lane stands on earned autonomy.
    public init(_ reading: DraftReading) {
        self.init(reading.draft, requiredApprovals: reading.requiredApprovals)
        reviewers = reading.involvement.reviewers
        whoseMove = reading.involvement.whoseMove?.rawValue
        mustAct = reading.involvement.mustAct
        overdue = reading.overdue
        timeZone = reading.timeZone.map(Deadlines.zoneName) ?? "UTC"
        next = reading.upcoming.map { NextStepView($0, zone: reading.timeZone) }
        orphan = reading.orphan
        replannedAt = reading.draft.replannedAt
        channelCounts = reading.channelCounts.map(ChannelCountView.init)
        if let standing = reading.autonomy {
            autonomy =
                (standing.earned ? "earned: drafts submitted now go out unless objected; " : "not earned: ")
                + standing.why
        }
    }
}

/// One event as the API shows it.
public struct EventView: Sendable, Equatable {
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
    /// The draft's client: set in the event stream (`GET /v1/events`), which spans drafts.
    public var client: String?

    public init(_ event: Event, client: String? = nil) {
        self.client = client
        id = event.id
        draft = event.draftID
        at = event.at
        actor = event.actor
        via = event.via
        action = event.kind.rawValue
        from = event.from
        to = event.to
        revision = event.revision
        message = event.message
        data = event.data
    }
}

/// Answer of `GET /v1/drafts`.
public struct DraftList: Sendable {
    public var drafts: [DraftView]
    /// Pass as `before` to get the next page; absent on the last page.
    public var nextBefore: Int64?

    public init(drafts: [DraftView], nextBefore: Int64?) {
        self.drafts = drafts
        self.nextBefore = nextBefore
    }

    public init(_ page: Paged<DraftReading>) {
        self.init(drafts: page.items.map { DraftView($0) }, nextBefore: page.next)
    }
}

/// Answer of `GET /v1/drafts/{id}/events`.
public struct EventList: Sendable {
    public var events: [EventView]
    /// Pass as `after` to get the next page; absent on the last page.
    public var nextAfter: Int64?

    public init(events: [EventView], nextAfter: Int64? = nil) {
        self.events = events
        self.nextAfter = nextAfter
    }

    public init(_ page: Paged<Event>) {
        self.init(events: page.items.map { EventView($0) }, nextAfter: page.next)
    }
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

    /// A pending timer as what it will do, its time also in the client's time zone.
    public init(_ upcoming: Upcoming, zone: TimeZone?) {
        self.init(
            at: upcoming.at, action: upcoming.action, rule: upcoming.rule,
            local: Deadlines.format(upcoming.at, in: zone),
            notify: upcoming.involves)
    }
}

/// A channel's count of a draft's text as the API shows it; `limit` is absent for a channel without one.
public struct ChannelCountView: Codable, Sendable, Equatable {
    public var channel: String
    public var length: Int
    public var limit: Int?

    public init(channel: String, length: Int, limit: Int?) {
        self.channel = channel
        self.length = length
        self.limit = limit
    }

    public init(_ count: ChannelCount) {
        self.init(channel: count.channel, length: count.length, limit: count.limit)
    }
}
