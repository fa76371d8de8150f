public import Foundation

/// Decides requests by the state table (`StateTable`), the client scope and the lane policies; performs
/// nothing.
public enum Workflow {
    public static func allowedActions(in state: DraftState) -> [Action] { StateTable.allowedActions(in: state) }

    /// What may happen to `draft` next: its state's actions, less those its own standing refuses. A template is
    /// used, never published (`TemplateRules`); a promise to decide later does not hold back an objection window
    /// (`Change.acknowledge` refuses it), so neither is offered.
    public static func allowedActions(for draft: Draft) -> [Action] {
        allowedActions(in: draft.state).filter {
            !(draft.template != nil && $0 == .publish) && !(draft.reviewMode != .normal && $0 == .acknowledge)
        }
    }

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
        case .edit, .submit, .approve, .requestChanges, .publish, .withdraw, .comment, .acknowledge:
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
        try directory.authorize(actor, row.who, for: .create, draft: nil, now: now)
        // Only after scope and role: whether a name is taken is the client's own business. A revoked
        // (withdrawn) template leaves its name free.
        if let template, let existing, existing.state != .withdrawn {
            throw Refusal(
                .invalidTransition,
                "template \(TemplateRules.fullName(client: client.id, name: template.name)) exists already (draft "
                    + "\(existing.id), \(existing.state.rawValue)): revoke it first or choose another name")
        }
        let content = try validated(rawContent, template: template != nil)
        try checkPublishTime(content.publishAt, now: now, zone: client.timeZone)
        let labels = try validatedLabels(rawLabels)
        try template?.check(now: now, zone: client.timeZone)
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
        let row = try admit(request, on: draft, by: actor, directory: directory, now: now)
        var change = Change(draft: draft, now: now)
        if case .state(let state) = row.to { change.next.state = state }
        let policy = directory.policy(for: draft.lane, client: draft.client)
        // Where the client grants the lane autonomy, its record decides how a review runs.
        let zone = directory.clients[draft.client]?.timeZone
        let standing = policy.autonomy.flatMap { autonomy in
            context.autonomy.map { autonomy.standing($0, zone: zone, now: now) }
        }
        if let refusal = action.refusal(ofMessage: request.message) { throw refusal }

        switch request.command {
        case .create, .defineTemplate, .useTemplate:
            throw Refusal(.invalidRequest, "draft \(draft.id) exists already")
        case .edit(let patch):
            try change.edit(draft, patch, by: actor, media: directory.media, zone: zone)
        case .submit:
            guard !draft.content.body.isEmpty else {
                throw Refusal(.invalidRequest, "draft \(draft.id) has an empty body: nothing to review")
            }
            // A template's body is not the post: its placeholders are, filled, and each use is checked.
            if draft.template == nil, let refusal = ChannelCheck.refusal(of: draft, rules: directory.channels) {
                throw refusal
            }
            if let refusal = ChannelCheck.missingAlt(of: draft, required: policy.requireAltText) { throw refusal }
            change.next.approvals.removeAll { $0.revision != draft.revision }
            if let standing, standing.earned, draft.template == nil, draft.fromTemplate == nil {
                change.next.reviewMode = .unlessObjected
                change.data["mode"] = ReviewMode.unlessObjected.rawValue
                change.data["autonomy"] = standing.why
            }
        case .approve:
            try change.approve(draft, by: user, required: policy.requiredApprovals)
        case .requestChanges:
            change.requestChanges(draft, by: user, policy: policy, standing: standing)
        case .publish(let url, let externalID, let claimedHash):
            try change.publish(draft, url: url, externalID: externalID, claimedHash: claimedHash)
        case .acknowledge(let until):
            try change.acknowledge(draft, until: until, bound: policy.maxAcknowledge, zone: zone)
        case .withdraw:
            change.links.revokeAll = "the draft was withdrawn"
        case .comment:
            change.next.updatedAt = draft.updatedAt
        }
        return finish(change, from: draft, request, kind: EventKind(action), by: actor, directory: directory)
    }

    /// The checks every action on an existing draft passes first, in this order: the caller's reach, the state
    /// table, the revision the caller saw, and the permission the table names.
    private static func admit(
        _ request: Request, on draft: Draft, by actor: Actor, directory: Directory, now: Date
    ) throws(Refusal) -> TableRow {
        let action = request.command.action
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
        try directory.authorize(actor, row.who, for: action, draft: draft, now: now)
        return row
    }

    /// The decision for a change: its timers (re-planned where the state changed), the links of a new review
    /// round, its event and whom it tells.
    private static func finish(
        _ change: consuming Change, from draft: Draft, _ request: Request, kind: EventKind, by actor: Actor,
        directory: Directory
    ) -> Decision {
        let now = change.now
        if change.next.state != draft.state { change.next.enteredAt = now }
        let plan =
            change.timers
            ?? Deadlines.replan(for: &change.next, leaving: draft.state, after: kind, directory: directory, now: now)
        if change.next.state == .review && draft.state != .review {
            change.links.mint = directory.linkGrants(
                for: directory.reviewers(of: change.next), on: change.next, now: now)
        }
        var data = change.data
        if kind == .approve || kind == .requestChanges || kind == .acknowledge {
            let absent = directory.standingIn(actor.user.name, on: draft)
            if !absent.isEmpty { data["for"] = absent.joined(separator: ", ") }
        }
        let event = makeEvent(
            change.next, actor: actor, kind: kind, from: draft.state, now: now, message: request.message, data: data)
        var decision = Decision(
            draft: change.next, events: [event], newRevision: change.newRevision, timers: plan,
            told: directory.told(about: kind, draft: change.next), links: change.links)
        decision.autonomyLost = change.autonomyLost
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
