public import Foundation

/// A request to change a draft, as the domain sees it.
public enum Command: Sendable, Equatable {
    case create(client: String, lane: Lane, content: Content, labels: [String])
    /// Create a draft of kind template: reviewed like any draft, then used, never published.
    case defineTemplate(client: String, lane: Lane, content: Content, labels: [String], rules: TemplateRules)
    /// Create a draft from the approved template the store found (`DecisionContext.template`).
    case useTemplate(TemplateUse)
    case edit(ContentPatch)
    case submit
    case approve
    case requestChanges
    case publish(url: String?, externalID: String?, contentHash: String?)
    case withdraw
    case comment
    case acknowledge(until: Date)

    public var action: Action {
        switch self {
        case .create, .defineTemplate, .useTemplate: .create
        case .edit: .edit
        case .submit: .submit
        case .approve: .approve
        case .requestChanges: .requestChanges
        case .publish: .publish
        case .withdraw: .withdraw
        case .comment: .comment
        case .acknowledge: .acknowledge
        }
    }
}

/// The fields of an edit; nil leaves a field as it is.
public struct ContentPatch: Sendable, Equatable, Codable {
    public var title: String?
    public var body: String?
    public var channels: [String]?
    public var publishAt: Date?
    public var clearPublishAt: Bool

    public init(
        title: String? = nil, body: String? = nil, channels: [String]? = nil, publishAt: Date? = nil,
        clearPublishAt: Bool = false
    ) {
        self.title = title
        self.body = body
        self.channels = channels
        self.publishAt = publishAt
        self.clearPublishAt = clearPublishAt
    }

    public var isEmpty: Bool {
        title == nil && body == nil && channels == nil && publishAt == nil && !clearPublishAt
    }
}

/// A command with what the caller saw and why they act.
public struct Request: Sendable, Equatable {
    public var command: Command
    public var expectedRevision: Int?
    public var message: String?

    public init(_ command: Command, expectedRevision: Int? = nil, message: String? = nil) {
        self.command = command
        self.expectedRevision = expectedRevision
        self.message = message
    }
}

/// Why the domain said no; the code is stable, the message is for people.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable error codes shared with the wire protocol.
    public enum Code: String, Sendable, Codable {
        case notFound = "not_found"
        case invalidTransition = "invalid_transition"
        case staleRevision = "stale_revision"
        case forbidden = "forbidden"
        case invalidRequest = "invalid_request"
        case hashMismatch = "hash_mismatch"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// What the shell must persist for one accepted request.
public struct Decision: Sendable, Equatable {
    public var draft: Draft
    public var events: [Event]
    /// True when the content changed and a revision row must be written.
    public var newRevision: Bool
    /// Timers to cancel, defer and set in the same transaction.
    public var timers: TimerPlan
    /// Who is told about the events (`Directory.told(about:draft:)`, or whom an escalation added).
    public var told: [String]
    /// Review links to revoke and mint in the same transaction.
    public var links: LinkPlan
    /// The links minted, by user: filled in by the store, which makes them, for the notifications written in the
    /// same transaction (as placeholders the notifier turns into addresses at delivery).
    public var linkRefs: [String: LinkRef] = [:]
    /// A request for changes that switched the lane's autonomy off.
    public var autonomyLost: AutonomyLoss?
    /// What the store decided and wrote for other drafts in the same transaction (drafts sent back from their
    /// objection window when autonomy was lost), for the log and the event feed.
    public var followUps: [Decision] = []

    /// When the decision was made: the time its events share (each is made at the decider's `now`); nil when it has
    /// none. Not the draft's `updatedAt`, which a comment or a reminder leaves as it was.
    public var at: Date? { events.first?.at }

    public init(
        draft: Draft, events: [Event], newRevision: Bool, timers: TimerPlan = TimerPlan(), told: [String] = [],
        links: LinkPlan = LinkPlan()
    ) {
        self.draft = draft
        self.events = events
        self.newRevision = newRevision
        self.timers = timers
        self.told = told
        self.links = links
    }
}

/// Decides requests by the state table (`StateTable`), the client scope and the lane policies; performs
/// nothing.
public enum Workflow {
    public static func allowedActions(in state: DraftState) -> [Action] { StateTable.allowedActions(in: state) }

    public static let maxTitleLength = 300
    public static let maxBodyBytes = 256 * 1024
    public static let maxMessageBytes = 16 * 1024
    public static let maxLabels = 32
    public static let maxChannels = 16

    /// Decides a request. `draft` is nil only for the creating commands, which get `newID`; `context` holds what
    /// the store read for them in the same transaction.
    public static func decide(
        _ request: Request, on draft: Draft?, by actor: Actor, directory: Directory, now: Date, newID: Int64 = 0,
        context: DecisionContext = DecisionContext()
    ) throws(Refusal) -> Decision {
        try precheck(request)
        switch request.command {
        case .create(let client, let lane, let content, let labels):
            return try decideCreate(
                request, client: client, lane: lane, content: content, labels: labels, template: nil, by: actor,
                directory: directory, now: now, newID: newID)
        case .defineTemplate(let client, let lane, let content, let labels, let rules):
            return try decideCreate(
                request, client: client, lane: lane, content: content, labels: labels, template: rules, by: actor,
                directory: directory, now: now, newID: newID, existing: context.template)
        case .useTemplate(let use):
            return try decideUse(
                request, use, context: context, by: actor, directory: directory, now: now, newID: newID)
        default:
            guard let draft else { throw Refusal(.notFound, "no such draft") }
            return try decide(request, on: draft, by: actor, directory: directory, now: now, context: context)
        }
    }

    /// A new draft, or a new template when `template` is given.
    static func decideCreate(
        _ request: Request, client clientID: String, lane: Lane, content rawContent: Content,
        labels rawLabels: [String],
        template: TemplateRules?, by actor: Actor, directory: Directory, now: Date, newID: Int64,
        existing: Draft? = nil
    ) throws(Refusal) -> Decision {
        let user = actor.user
        guard let client = directory.clients[clientID], directory.scope(of: user).contains(clientID) else {
            // A company user learns nothing about other clients, not even that they exist.
            if user.side == .agency, directory.clients[clientID] != nil {
                throw Refusal(.forbidden, "\(user.name) is not a member of client \(clientID)")
            }
            throw Refusal(.invalidRequest, "unknown client \(quoted(clientID))")
        }
        let row = StateTable.row(nil, .create)!
        try directory.authorize(actor, row.who, for: .create, draft: nil)
        // Only after scope and role: whether a name is taken is the client's own business. A revoked
        // (withdrawn) template leaves its name free.
        if let template, let existing, existing.state != .withdrawn {
            throw Refusal(
                .invalidTransition,
                "template \(TemplateRules.fullName(client: client.id, name: template.name)) exists already (draft "
                    + "\(existing.id), \(existing.state.rawValue)): revoke it first or choose another name")
        }
        let content = try validated(rawContent, template: template != nil)
        let labels = try validatedLabels(rawLabels)
        try template?.check(now: now)
        let hash = content.hash
        var created = Draft(
            id: newID, client: client.id, lane: lane, state: .draft, revision: 1, content: content,
            contentHash: hash, author: user.name, revisionAuthor: user.name, revisionAuthorSide: user.side,
            revisionVia: actor.via, labels: labels, createdAt: now, updatedAt: now, enteredAt: now)
        created.template = template
        var data = ["hash": hash, "client": client.id, "lane": lane.rawValue]
        if let template { data["template"] = TemplateRules.fullName(client: client.id, name: template.name) }
        let event = makeEvent(
            created, actor: actor, kind: .create, from: nil, now: now, message: request.message, data: data)
        return Decision(
            draft: created, events: [event], newRevision: true, told: directory.told(about: .create, draft: created))
    }

    private static func decide(
        _ request: Request, on draft: Draft, by actor: Actor, directory: Directory, now: Date,
        context: DecisionContext
    ) throws(Refusal) -> Decision {
        let action = request.command.action
        let user = actor.user
        try directory.checkReach(draft, by: actor)
        guard let row = StateTable.row(draft.state, action) else {
            let allowed = StateTable.allowedActions(in: draft.state)
            throw Refusal(
                .invalidTransition,
                "cannot \(action.rawValue) draft \(draft.id): it is in state \(draft.state.rawValue), "
                    + "which allows \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        if let expected = request.expectedRevision, expected != draft.revision {
            throw Refusal(
                .staleRevision,
                "draft \(draft.id) is at revision \(draft.revision), not \(expected): reload and try again")
        }
        try directory.authorize(actor, row.who, for: action, draft: draft)
        var next = draft
        next.updatedAt = now
        if case .state(let state) = row.to { next.state = state }
        var data: [String: String] = [:]
        var newRevision = false
        var timers: TimerPlan?
        var links = LinkPlan()
        var autonomyLost: AutonomyLoss?
        let policy = directory.policy(for: draft.lane, client: draft.client)
        // Where the client grants the lane autonomy, its record decides how a review runs.
        let standing = policy.autonomy.flatMap { autonomy in context.autonomy.map { autonomy.standing($0) } }

        switch request.command {
        case .create, .defineTemplate, .useTemplate:
            throw Refusal(.invalidRequest, "draft \(draft.id) exists already")

        case .edit(let patch):
            guard !patch.isEmpty else {
                throw Refusal(.invalidRequest, "edit changes nothing: give a title, body, channel or publish time")
            }
            var content = draft.content
            if let title = patch.title { content.title = title }
            if let body = patch.body { content.body = body }
            if let channels = patch.channels { content.channels = channels }
            if let publishAt = patch.publishAt { content.publishAt = publishAt }
            if patch.clearPublishAt { content.publishAt = nil }
            content = try validated(content, template: draft.template != nil)
            let hash = content.hash
            guard hash != draft.contentHash else {
                throw Refusal(
                    .invalidRequest, "edit changes nothing: the content is identical to revision \(draft.revision)")
            }
            next.content = content
            next.contentHash = hash
            next.revision += 1
            next.revisionAuthor = user.name
            next.revisionAuthorSide = user.side
            next.revisionVia = actor.via
            next.approvedHash = nil
            newRevision = true
            links.revokeAll = "revision \(draft.revision) was replaced by revision \(next.revision)"
            data["hash"] = hash
            if draft.state == .approved { data["voided"] = "approval of revision \(draft.revision)" }

        case .submit:
            guard !draft.content.body.isEmpty else {
                throw Refusal(.invalidRequest, "draft \(draft.id) has an empty body: nothing to review")
            }
            next.approvals.removeAll { $0.revision != draft.revision }
            if let standing, standing.earned, draft.template == nil, draft.fromTemplate == nil {
                next.reviewMode = .unlessObjected
                data["mode"] = ReviewMode.unlessObjected.rawValue
                data["autonomy"] = standing.why
            }

        case .approve:
            if draft.currentApprovals.contains(where: { $0.user == user.name }) {
                throw Refusal(
                    .invalidTransition,
                    "\(user.name) has approved revision \(draft.revision) of draft \(draft.id) already")
            }
            next.approvals.append(Approval(user: user.name, revision: draft.revision, at: now))
            let required = max(1, policy.requiredApprovals)
            let have = next.currentApprovals.count
            data["approvals"] = "\(have)/\(required)"
            if have >= required {
                next.state = .approved
                next.approvedHash = draft.contentHash
                if next.decidedAt == nil { next.decidedAt = now }
            }

        case .requestChanges:
            guard let reason = request.message, !reason.isBlank else {
                throw Refusal(.invalidRequest, "request-changes needs a reason (-m/--message)")
            }
            next.approvals.removeAll()
            next.changesRequested = true
            if next.decidedAt == nil { next.decidedAt = now }
            // Any request for changes ends the lane's open objection windows; while the lane has earned
            // autonomy it also loses it. Templates and their drafts stay outside the record, and outside this.
            if policy.autonomy != nil, draft.template == nil, draft.fromTemplate == nil {
                let earned = standing?.earned == true
                autonomyLost = AutonomyLoss(
                    client: draft.client, lane: draft.lane, at: now, lost: earned,
                    reason: "\(user.name) asked for changes on draft \(draft.id)")
                if earned {
                    data["autonomy"] = "lost: \(user.name) asked for changes; the lane is back to normal review"
                }
            }

        case .publish(let url, let externalID, let claimedHash):
            if let template = draft.template {
                let name = TemplateRules.fullName(client: draft.client, name: template.name)
                throw Refusal(
                    .invalidTransition,
                    "draft \(draft.id) is the template \(name): a template is used (flowctl new --template \(name)), "
                        + "never published")
            }
            guard let approved = draft.approvedHash, approved == draft.contentHash else {
                throw Refusal(.hashMismatch, "draft \(draft.id): the content differs from what was approved")
            }
            if let claimedHash, claimedHash != approved {
                throw Refusal(
                    .hashMismatch,
                    "draft \(draft.id): content hash \(claimedHash) is not the approved \(approved)")
            }
            if let url, url.utf8.count > 2048 { throw Refusal(.invalidRequest, "url is longer than 2048 bytes") }
            if let externalID, externalID.utf8.count > 512 {
                throw Refusal(.invalidRequest, "external id is longer than 512 bytes")
            }
            next.publishedURL = url
            next.externalID = externalID
            data["hash"] = approved
            if let url { data["url"] = url }
            if let externalID { data["external_id"] = externalID }

        case .acknowledge(let until):
            guard until > now else { throw Refusal(.invalidRequest, "acknowledge needs a time in the future") }
            // A promise to decide later would not hold back an objection window's approval.
            guard draft.reviewMode == .normal else {
                throw Refusal(
                    .invalidTransition,
                    "draft \(draft.id) goes out unless someone objects by "
                        + "\(draft.dueAt.map(isoUTC) ?? "the window's end"): approve it, or request changes to object")
            }
            // The bound holds for the whole review round: each acknowledgement spends what it pushes the
            // ladder back beyond the one before.
            let bound = policy.maxAcknowledge
            let pausedUntil = max(now, draft.acknowledgedUntil ?? now)
            let extension_ = max(0, until.timeIntervalSince(pausedUntil))
            let left = max(0, bound.timeInterval - draft.acknowledgedSeconds)
            guard extension_ <= left else {
                throw Refusal(
                    .invalidRequest,
                    "this lane lets acknowledgements pause escalation for at most \(bound) per review round; "
                        + "\(TimeSpan(seconds: Int64(left)).description) \(left > 0 ? "is" : "are") left, and this asks for "
                        + "\(TimeSpan(seconds: Int64(extension_.rounded(.up))).description)")
            }
            next.acknowledgedUntil = until
            next.acknowledgedSeconds = draft.acknowledgedSeconds + extension_
            data["until"] = isoUTC(until)
            timers = TimerPlan(
                deferStepsUntil: until,
                add: [PendingTimer(draftID: draft.id, state: .review, kind: .acknowledgement, dueAt: until)])

        case .withdraw:
            links.revokeAll = "the draft was withdrawn"

        case .comment:
            guard let text = request.message, !text.isBlank else {
                throw Refusal(.invalidRequest, "comment needs a text (-m/--message)")
            }
            next.updatedAt = draft.updatedAt
        }

        let kind = EventKind(action)
        if next.state != draft.state { next.enteredAt = now }
        let plan =
            timers ?? Deadlines.replan(for: &next, leaving: draft.state, after: kind, directory: directory, now: now)
        if next.state == .review && draft.state != .review {
            links.mint = directory.linkGrants(for: directory.reviewers(of: next), on: next, now: now)
        }
        let event = makeEvent(
            next, actor: actor, kind: kind, from: draft.state, now: now, message: request.message, data: data)
        var decision = Decision(
            draft: next, events: [event], newRevision: newRevision, timers: plan,
            told: directory.told(about: kind, draft: next), links: links)
        decision.autonomyLost = autonomyLost
        return decision
    }

    static func makeEvent(
        _ draft: Draft, actor: Actor, kind: EventKind, from: DraftState?, now: Date, message: String?,
        data: [String: String]
    ) -> Event {
        Event(
            draftID: draft.id, at: now, actor: actor.user.name, via: actor.via, kind: kind, from: from,
            to: draft.state, revision: draft.revision, message: message, data: data)
    }
}
