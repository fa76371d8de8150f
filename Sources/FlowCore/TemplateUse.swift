public import Foundation

/// A request to make a draft from an approved template: `flowctl new --template acme/outage --set eta=14:00`.
public struct TemplateUse: Sendable, Equatable {
    /// `client/name`.
    public var template: String
    public var values: [String: String]
    public var lane: Lane
    public var publishAt: Date?
    public var labels: [String]

    public init(template: String, values: [String: String], lane: Lane, publishAt: Date? = nil, labels: [String] = []) {
        self.template = template
        self.values = values
        self.lane = lane
        self.publishAt = publishAt
        self.labels = labels
    }

    /// Sizes only, in one pass, before the request may wait for the writer.
    func precheck() throws(Refusal) {
        guard template.utf8.count <= 129 else { throw Refusal(.invalidRequest, "a template name is at most 129 bytes") }
        guard values.count <= TemplateText.maxPlaceholders else {
            throw Refusal(.invalidRequest, "at most \(TemplateText.maxPlaceholders) values, not \(values.count)")
        }
        for (name, value) in values where name.utf8.count > 32 || value.utf8.count > TemplateText.maxValueBytes {
            throw Refusal(
                .invalidRequest,
                "value names are at most 32 bytes and values at most \(TemplateText.maxValueBytes) bytes "
                    + "(\(quoted(String(name.prefix(32)))))")
        }
    }
}

extension Workflow {
    /// A draft filled in from an approved template. Where the lane allows templates it is approved at once on
    /// the template's approval, and says so; elsewhere it starts as a draft like any other. Its history starts
    /// with the use, and the template's history records it too.
    static func decideUse(
        _ request: Request, _ use: TemplateUse, context: DecisionContext, by actor: Actor, directory: Directory,
        now: Date, newID: Int64
    ) throws(Refusal) -> Decision {
        let user = actor.user
        // A template outside the caller's scope answers exactly like one that does not exist.
        guard let template = context.template, template.template != nil,
            directory.scope(of: user).contains(template.client)
        else {
            throw Refusal(.notFound, "no template \(quoted(use.template))")
        }
        guard !directory.isOrphan(template) else {
            throw Refusal(.forbidden, "template \(use.template)'s client is not in the config")
        }
        try directory.authorize(actor, StateTable.row(nil, .create)!.who, for: .create, draft: nil, now: now)
        guard let grant = template.templateGrant else {
            throw Refusal(
                .invalidTransition,
                "template \(use.template) (draft \(template.id)) is in state \(template.state.rawValue): it can be "
                    + "used once it is approved")
        }
        let zone = directory.clients[template.client]?.timeZone
        try grant.checkUse(for: template.client, usesToday: context.usesToday, now: now, zone: zone)
        let body = try TemplateText(parsing: template.content.body).fill(use.values)
        let content = try validated(
            Content(
                title: template.content.title, body: body, channels: template.content.channels,
                publishAt: use.publishAt))
        try checkPublishTime(use.publishAt, now: now, zone: zone)
        let labels = try validatedLabels(use.labels)
        let hash = content.hash
        var created = Draft(
            id: newID, client: template.client, lane: use.lane, state: .draft, revision: 1, content: content,
            contentHash: hash, author: user.name, revisionAuthor: user.name, revisionAuthorSide: user.side,
            revisionVia: actor.via, labels: labels, createdAt: now, updatedAt: now, enteredAt: now)
        created.fromTemplate = template.id
        let name = grant.name
        var events = [
            Event(
                draftID: template.id, at: now, actor: user.name, via: actor.via, kind: .templateUsed,
                from: template.state, to: template.state, revision: template.revision,
                message: "used for draft \(newID)", data: ["draft": "\(newID)", "hash": hash]),
            makeEvent(
                created, actor: actor, kind: .create, from: nil, now: now, message: request.message,
                data: [
                    "hash": hash, "client": template.client, "lane": use.lane.rawValue, "template": name,
                    "template_draft": "\(template.id)",
                ]),
        ]
        guard directory.policy(for: use.lane, client: template.client).allowTemplates else {
            return Decision(
                draft: created, events: events, newRevision: true,
                told: directory.told(about: .create, draft: created))
        }
        // Approved at once, it never passes a submit: the channels' rules are checked here instead.
        if let refusal = ChannelCheck.refusal(of: created, rules: directory.channels) { throw refusal }
        var approved = created
        approved.state = .approved
        approved.approvedHash = hash
        approved.approvals = grant.approvedBy.map { Approval(user: $0, revision: 1, at: grant.approvedAt) }
        let timers = Deadlines.replan(for: &approved, leaving: nil, after: .approve, directory: directory, now: now)
        events.append(
            Event(
                draftID: newID, at: now, actor: Deadlines.systemActor.user.name, via: "template:\(name)",
                kind: .approve, from: .draft, to: .approved, revision: 1,
                message: grant.approvalNote(in: zone ?? TimeZone(identifier: "UTC")!),
                data: ["hash": hash, "template": name, "rule": "approved by template \(name)"]))
        return Decision(
            draft: approved, events: events, newRevision: true, timers: timers,
            told: directory.told(about: .approve, draft: approved))
    }
}
