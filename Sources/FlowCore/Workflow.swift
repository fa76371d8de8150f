public import Foundation

/// A request to change a draft, as the domain sees it.
public enum Command: Sendable, Equatable {
    case create(client: String, lane: Lane, content: Content, labels: [String])
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
        case .create: .create
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

/// Users, clients and lane policies: everything the rules consult besides the draft.
public struct Rules: Sendable, Equatable {
    public var clients: [String: Client]
    public var lanes: [Lane: LanePolicy]
    public var users: [String: User]
    /// Named escalation targets (`[groups]` in config).
    public var groups: [String: [String]]

    public init(
        clients: [String: Client], lanes: [Lane: LanePolicy] = [:], users: [User] = [], groups: [String: [String]] = [:]
    ) {
        self.clients = clients
        self.lanes = lanes
        self.users = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.groups = groups
    }
}

/// What the shell must persist for one accepted request.
public struct Decision: Sendable, Equatable {
    public var draft: Draft
    public var events: [Event]
    /// True when the content changed and a revision row must be written.
    public var newRevision: Bool
    /// Timers to cancel, defer and set in the same transaction.
    public var timers: TimerPlan

    public init(draft: Draft, events: [Event], newRevision: Bool, timers: TimerPlan = TimerPlan()) {
        self.draft = draft
        self.events = events
        self.newRevision = newRevision
        self.timers = timers
    }
}

/// The state table of design.md §3: decides, performs nothing.
public enum Workflow {
    /// Actions allowed in a state, in the order the table lists them.
    public static func allowedActions(in state: DraftState) -> [Action] {
        switch state {
        case .draft: [.edit, .submit, .withdraw, .comment]
        case .review: [.approve, .requestChanges, .acknowledge, .withdraw, .comment]
        case .approved: [.publish, .edit, .withdraw, .comment]
        case .published, .withdrawn: [.comment]
        }
    }

    public static let maxTitleLength = 300
    public static let maxBodyBytes = 256 * 1024
    public static let maxMessageBytes = 16 * 1024

    /// Decides a request. `draft` is nil only for create, which gets `newID`.
    public static func decide(
        _ request: Request, on draft: Draft?, by actor: Actor, rules: Rules, now: Date, newID: Int64 = 0
    ) throws(Refusal) -> Decision {
        if let message = request.message, message.utf8.count > maxMessageBytes {
            throw Refusal(.invalidRequest, "message is longer than \(maxMessageBytes) bytes")
        }
        guard case .create(let clientID, let lane, let rawContent, let rawLabels) = request.command else {
            guard let draft else { throw Refusal(.notFound, "no such draft") }
            return try decide(request, on: draft, by: actor, rules: rules, now: now)
        }
        guard actor.user.has(.author) else {
            throw Refusal(.forbidden, "\(actor.user.name) lacks role author, which create needs")
        }
        guard let client = rules.clients[clientID] else {
            throw Refusal(.invalidRequest, "unknown client \(quoted(clientID))")
        }
        let content = try validated(rawContent)
        let labels = try validatedLabels(rawLabels)
        let hash = content.hash
        let created = Draft(
            id: newID, client: client.id, lane: lane, state: .draft, revision: 1, content: content,
            contentHash: hash, author: actor.user.name, revisionAuthor: actor.user.name,
            revisionAuthorSide: actor.user.side, labels: labels, createdAt: now, updatedAt: now, enteredAt: now)
        let event = makeEvent(
            created, actor: actor, action: .create, from: nil, now: now, message: request.message,
            data: ["hash": hash, "client": client.id, "lane": lane.rawValue])
        return Decision(draft: created, events: [event], newRevision: true)
    }

    private static func decide(
        _ request: Request, on draft: Draft, by actor: Actor, rules: Rules, now: Date
    ) throws(Refusal) -> Decision {
        let action = request.command.action
        let allowed = allowedActions(in: draft.state)
        guard allowed.contains(action) else {
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
        var next = draft
        next.updatedAt = now
        var data: [String: String] = [:]
        var newRevision = false
        let user = actor.user

        switch request.command {
        case .create:
            throw Refusal(.invalidRequest, "draft \(draft.id) exists already")

        case .edit(let patch):
            try require(.author, of: user, for: action)
            guard !patch.isEmpty else {
                throw Refusal(.invalidRequest, "edit changes nothing: give a title, body, channel or publish time")
            }
            var content = draft.content
            if let title = patch.title { content.title = title }
            if let body = patch.body { content.body = body }
            if let channels = patch.channels { content.channels = channels }
            if let publishAt = patch.publishAt { content.publishAt = publishAt }
            if patch.clearPublishAt { content.publishAt = nil }
            content = try validated(content)
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
            next.state = .draft
            next.approvedHash = nil
            newRevision = true
            data["hash"] = hash
            if draft.state == .approved { data["voided"] = "approval of revision \(draft.revision)" }

        case .submit:
            try require(.author, of: user, for: action)
            guard !draft.content.body.isEmpty else {
                throw Refusal(.invalidRequest, "draft \(draft.id) has an empty body: nothing to review")
            }
            next.state = .review
            next.approvals.removeAll { $0.revision != draft.revision }

        case .approve:
            try checkReviewer(user, on: draft, rules: rules, for: action)
            if draft.currentApprovals.contains(where: { $0.user == user.name }) {
                throw Refusal(
                    .invalidTransition,
                    "\(user.name) has approved revision \(draft.revision) of draft \(draft.id) already")
            }
            next.approvals.append(Approval(user: user.name, revision: draft.revision, at: now))
            let required = max(1, rules.policy(for: draft.lane, client: draft.client).requiredApprovals)
            let have = next.currentApprovals.count
            data["approvals"] = "\(have)/\(required)"
            if have >= required {
                next.state = .approved
                next.approvedHash = draft.contentHash
            }

        case .requestChanges:
            try checkReviewer(user, on: draft, rules: rules, for: action)
            guard let reason = request.message, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Refusal(.invalidRequest, "request-changes needs a reason (-m/--message)")
            }
            next.state = .draft
            next.approvals.removeAll()

        case .publish(let url, let externalID, let claimedHash):
            try require(.publisher, of: user, for: action)
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
            next.state = .published
            next.publishedURL = url
            next.externalID = externalID
            data["hash"] = approved
            if let url { data["url"] = url }
            if let externalID { data["external_id"] = externalID }

        case .acknowledge(let until):
            try checkReviewer(user, on: draft, rules: rules, for: action)
            let bound = rules.policy(for: draft.lane, client: draft.client).maxAcknowledge
            guard until > now else { throw Refusal(.invalidRequest, "acknowledge needs a time in the future") }
            guard until.timeIntervalSince(now) <= bound.timeInterval else {
                throw Refusal(
                    .invalidRequest,
                    "this lane lets an acknowledgement pause escalation for at most \(bound); ask for less")
            }
            next.acknowledgedUntil = until
            data["until"] = isoUTC(until)
            let timers = TimerPlan(
                deferStepsUntil: until,
                add: [PendingTimer(draftID: draft.id, state: .review, kind: .acknowledgement, dueAt: until)])
            let event = makeEvent(
                next, actor: actor, action: action, from: draft.state, now: now, message: request.message, data: data)
            return Decision(draft: next, events: [event], newRevision: false, timers: timers)

        case .withdraw:
            guard user.has(.author) || user.has(.admin) else {
                throw Refusal(.forbidden, "\(user.name) lacks role author or admin, which withdraw needs")
            }
            next.state = .withdrawn

        case .comment:
            guard let text = request.message, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Refusal(.invalidRequest, "comment needs a text (-m/--message)")
            }
            next.updatedAt = draft.updatedAt
        }

        if next.state != draft.state { next.enteredAt = now }
        let timers = Deadlines.replan(for: &next, leaving: draft.state, after: action.rawValue, rules: rules, now: now)
        let event = makeEvent(
            next, actor: actor, action: action, from: draft.state, now: now, message: request.message, data: data)
        return Decision(draft: next, events: [event], newRevision: newRevision, timers: timers)
    }

    /// The four-eyes rule: a reviewer holds role approver, sits on the side that did not write the revision,
    /// did not write it, and, when that side is the company, is listed for the draft's client.
    private static func checkReviewer(_ user: User, on draft: Draft, rules: Rules, for action: Action) throws(Refusal) {
        try require(.approver, of: user, for: action)
        if user.name == draft.revisionAuthor {
            throw Refusal(.forbidden, "\(user.name) wrote revision \(draft.revision) and cannot review it")
        }
        let reviewing = draft.revisionAuthorSide.other
        guard user.side == reviewing else {
            throw Refusal(
                .forbidden,
                "\(user.name) is on the \(user.side.rawValue) side; revision \(draft.revision) is reviewed by the \(reviewing.rawValue) side"
            )
        }
        if reviewing == .company, let client = rules.clients[draft.client], !client.approvers.contains(user.name),
            !draft.extraReviewers.contains(user.name)
        {
            throw Refusal(.forbidden, "\(user.name) is not an approver of client \(draft.client)")
        }
    }

    private static func require(_ role: Role, of user: User, for action: Action) throws(Refusal) {
        guard user.has(role) else {
            throw Refusal(.forbidden, "\(user.name) lacks role \(role.rawValue), which \(action.rawValue) needs")
        }
    }

    private static func validated(_ content: Content) throws(Refusal) -> Content {
        var content = content
        content.title = content.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !content.title.isEmpty else { throw Refusal(.invalidRequest, "title must not be empty") }
        guard content.title.count <= maxTitleLength else {
            throw Refusal(.invalidRequest, "title is longer than \(maxTitleLength) characters")
        }
        guard !content.title.contains(where: \.isNewline) else {
            throw Refusal(.invalidRequest, "title must be one line")
        }
        guard content.body.utf8.count <= maxBodyBytes else {
            throw Refusal(.invalidRequest, "body is longer than \(maxBodyBytes) bytes")
        }
        var seen: Set<String> = []
        var channels: [String] = []
        for raw in content.channels {
            let channel = raw.lowercased()
            guard isIdentifier(channel) else {
                throw Refusal(.invalidRequest, "channel \(quoted(raw)) is not a name like linkedin or x")
            }
            if seen.insert(channel).inserted { channels.append(channel) }
        }
        content.channels = channels
        return content
    }

    private static func validatedLabels(_ labels: [String]) throws(Refusal) -> [String] {
        var out: [String] = []
        for label in labels where !out.contains(label) {
            guard isIdentifier(label.lowercased()) else {
                throw Refusal(.invalidRequest, "label \(quoted(label)) is not a plain name")
            }
            out.append(label.lowercased())
        }
        return out
    }

    /// Names that are safe in tables, URLs and config: lower-case letters, digits, `-`, `_`, `.`.
    public static func isIdentifier(_ string: String) -> Bool {
        !string.isEmpty && string.utf8.count <= 64
            && string.utf8.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2d || byte == 0x5f
                    || byte == 0x2e
            }
    }

    private static func makeEvent(
        _ draft: Draft, actor: Actor, action: Action, from: DraftState?, now: Date, message: String?,
        data: [String: String]
    ) -> Event {
        Event(
            draftID: draft.id, at: now, actor: actor.user.name, via: actor.via, action: action.rawValue, from: from,
            to: draft.state, revision: draft.revision, message: message, data: data)
    }
}

/// Quotes a user-supplied string for an error message, cut short so a huge input cannot flood it.
public func quoted(_ string: String) -> String {
    let cut = string.count > 64 ? String(string.prefix(64)) + "…" : string
    return "\"" + cut + "\""
}
