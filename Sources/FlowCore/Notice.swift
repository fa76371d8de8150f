public import Foundation

/// One event seen as a notification: the facts a payload and a message are made of.
public struct Notice {
    public let type: NotificationType
    public let event: Event
    public let draft: Draft
    /// When it happened: "today" in the notice's text is this day in the client's zone.
    public let now: Date
    let planner: OutboxPlanner
    /// The client's time zone, which the notice's times are given in.
    public let zone: TimeZone
    let involvement: Involvement
    /// Who is told, by name.
    public let notify: [String]
    /// Review links minted with this event, by user (JSON sinks only: a chat channel is shared).
    let links: [String: LinkRef]
    /// The same people's inbox links: one page with everything waiting for them.
    let inboxes: [String: LinkRef]

    init(
        type: NotificationType, event: Event, draft: Draft, told: [String], pending: [PendingTimer],
        planner: OutboxPlanner, links: [String: LinkRef], inboxes: [String: LinkRef] = [:]
    ) {
        self.links = links
        self.inboxes = inboxes
        self.type = type
        self.event = event
        self.draft = draft
        now = event.at
        self.planner = planner
        zone = planner.directory.clients[draft.client]?.timeZone ?? TimeZone(identifier: "UTC")!
        involvement = planner.directory.involvement(of: draft, pending: pending, after: event.at)
        notify = told
    }

    var mustAct: [String] { involvement.mustAct }
    /// What happens next to the draft, and to whom.
    public var next: Upcoming? { involvement.next }

    /// Approvals the draft still needs in this round, at least one (a notice of an approval given asks for more).
    public var approvalsMissing: Int {
        let policy = planner.directory.policy(for: draft.lane, client: draft.client)
        return max(policy.requiredApprovals - draft.currentApprovals.count, 1)
    }

    /// Whom a company reviewer may name to stand in from a message a channel shares: the client's approvers and
    /// backup approvers (the rules of `Directory.checkAbsence` judge the choice).
    public var standInChoices: [String] {
        let client = planner.directory.clients[draft.client]
        var seen: Set<String> = []
        return ((client?.approvers ?? []) + (client?.backupApprovers ?? [])).filter { seen.insert($0).inserted }
    }

    /// How to reach a person the notice names.
    public func contact(_ name: String) -> Contact? { planner.contacts[name] }

    /// Entering review, a reminder and an escalation ask the people they name to decide now; the other types
    /// report what happened, and a button under them would invite a decision nobody was asked for.
    public var asksForDecision: Bool {
        draft.state == .review && (type == .submitted || type == .reminder || type == .escalated || type == .handedOver)
    }

    /// The signed JSON sinks' payload; `text` is the notice's line as the planner's rendering wrote it.
    func envelope(text: String) -> JSONValue {
        var nextValue = JSONValue.null
        if let next {
            nextValue = .object([
                ("action", .string(next.action)), ("at", .string(isoUTC(next.at))),
                ("local", .string(SpokenTime.format(next.at, in: zone, language: language, now: now))),
                ("to", .array(next.involves.map { planner.person($0, client: draft.client) })),
            ])
        }
        let eventValue = JSONValue.object([
            ("id", .int(event.id)), ("action", .string(event.kind.rawValue)), ("actor", .string(event.actor)),
            ("via", .optional(event.via)), ("at", .string(isoUTC(event.at))), ("from", .optional(event.from?.rawValue)),
            ("to", .string(event.to.rawValue)), ("message", .optional(event.message)),
            ("data", .object(event.data.keys.sorted().map { ($0, .string(event.data[$0]!)) })),
        ])
        var draftFields: [(String, JSONValue)] = [
            ("id", .int(draft.id)), ("title", .string(draft.content.title)), ("client", .string(draft.client)),
            ("client_name", .string(clientName)), ("lane", .string(draft.lane.rawValue)),
            ("state", .string(draft.state.rawValue)), ("revision", .int(Int64(draft.revision))),
            ("channels", .array(draft.content.channels.map(JSONValue.string))), ("author", .string(draft.author)),
            ("due_at", .optional(draft.dueAt.map(isoUTC))), ("published_url", .optional(draft.publishedURL)),
            ("review_mode", .string(draft.reviewMode.rawValue)),
        ]
        if !draft.content.media.isEmpty { draftFields.append(("media", mediaValue)) }
        let draftValue = JSONValue.object(draftFields)
        let whoseMove = involvement.whoseMove?.rawValue
        return .object([
            ("type", .string(type.wireName)), ("timestamp", .string(isoUTC(event.at))),
            (
                "data",
                .object([
                    ("event", eventValue), ("draft", draftValue), ("whose_move", .optional(whoseMove)),
                    ("must_act", .array(mustAct.map { planner.person($0, client: draft.client) })),
                    ("notify", .array(notify.map { planner.person($0, client: draft.client) })),
                    ("next", nextValue), ("time_zone", .string(Deadlines.zoneName(zone))), ("text", .string(text)),
                    ("links", .object(links.keys.sorted().map { ($0, .string(links[$0]!.placeholder)) })),
                    ("inboxes", .object(inboxes.keys.sorted().map { ($0, .string(inboxes[$0]!.inboxPlaceholder)) })),
                    ("agency", .optional(planner.directory.agencyName)),
                ])
            ),
        ])
    }

    /// The draft's media; an `approved` notice gives each the address its publisher fetches it from
    /// (`MediaAddress`), as a placeholder the notifier writes out.
    private var mediaValue: JSONValue {
        let addressed = type == .approved && planner.publicURL != nil
        return .array(
            draft.content.media.map { medium in
                .object([
                    ("sha256", .string(medium.sha256)), ("type", .string(medium.kind.rawValue)),
                    ("mime_type", .string(medium.kind.mimeType)), ("bytes", .int(Int64(medium.byteCount))),
                    ("width", .int(Int64(medium.width))), ("height", .int(Int64(medium.height))),
                    ("duration_ms", medium.durationMS.map(JSONValue.int) ?? .null), ("alt", .string(medium.alt)),
                    (
                        "url",
                        .optional(
                            addressed ? MediaAddress.placeholder(draft: draft.id, sha256: medium.sha256) : nil)
                    ),
                ])
            })
    }

    public var clientName: String { planner.directory.clients[draft.client]?.name ?? draft.client }

    /// A notification's one line speaks the client's language: it may land in a channel both sides read.
    public var language: PageLanguage {
        PageLanguage(tag: planner.directory.clients[draft.client]?.locale ?? "") ?? .en
    }
}
