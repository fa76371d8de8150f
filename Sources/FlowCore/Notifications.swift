import Foundation

/// What a notification is about; on the wire it is `draft.<rawValue>`.
public enum NotificationType: String, Sendable, CaseIterable {
    case submitted
    case approvalGiven = "approval_given"
    case changesRequested = "changes_requested"
    case approved, published, withdrawn
    case reminder, warning, escalated
    case autoApproved = "auto_approved"
    case returned, acknowledged
    case deadlineMissed = "deadline_missed"
    /// The daily digest of what waits for one approver (not about one event).
    case digest
    /// A client went into crisis mode: its crisis roster is told (not about one draft).
    case crisis

    public var wireName: String { self == .digest || self == .crisis ? rawValue : "draft." + rawValue }

    /// Accepts `escalated` as well as `draft.escalated`.
    public init?(name: String) {
        self.init(rawValue: name.hasPrefix("draft.") ? String(name.dropFirst(6)) : name)
    }

    /// The notification an event gives rise to; edits, comments and creation notify nobody.
    public static func of(_ event: Event) -> NotificationType? {
        switch event.kind {
        case .submit: .submitted
        case .approve: event.to == .approved ? .approved : .approvalGiven
        case .requestChanges: .changesRequested
        case .publish: .published
        case .withdraw: .withdrawn
        case .remind: .reminder
        case .warn: .warning
        case .escalate: .escalated
        case .autoApprove: .autoApproved
        case .returnToDraft: .returned
        case .acknowledge: .acknowledged
        case .deadlineMissed: .deadlineMissed
        // A draft sent back from its objection window waits for its reviewers again, with new links.
        case .replan: event.data["mode"] == ReviewMode.normal.rawValue ? .submitted : nil
        // A link sent on request reminds its person (told: that person alone) with the new link.
        case .linkSent: .reminder
        case .create, .edit, .comment, .templateUsed, .linkShown: nil
        }
    }
}

/// How a sink wants its notifications: the signed JSON envelope, or a Slack incoming-webhook message.
public enum SinkFormat: String, Sendable, CaseIterable {
    case json, slack
}

/// Which notifications a sink takes and in which form.
public struct SinkRoute: Sendable, Equatable {
    public var name: String
    public var format: SinkFormat
    public var types: Set<NotificationType>
    /// nil: every client.
    public var clients: Set<String>?

    public init(
        name: String, format: SinkFormat, types: Set<NotificationType> = Set(NotificationType.allCases),
        clients: Set<String>? = nil
    ) {
        self.name = name
        self.format = format
        self.types = types
        self.clients = clients
    }
}

/// How to reach a person, from `[[users]]`.
public struct Contact: Sendable, Equatable {
    public var side: Side?
    public var email: String?
    public var slackID: String?

    public init(side: Side? = nil, email: String? = nil, slackID: String? = nil) {
        self.side = side
        self.email = email
        self.slackID = slackID
    }
}

/// One notification for one sink, rendered once so every retry sends the same bytes.
public struct OutboxMessage: Sendable, Equatable {
    public var sink: String
    public var type: NotificationType
    public var eventID: Int64
    public var draftID: Int64
    public var payload: String

    public init(sink: String, type: NotificationType, eventID: Int64, draftID: Int64, payload: String) {
        self.sink = sink
        self.type = type
        self.eventID = eventID
        self.draftID = draftID
        self.payload = payload
    }
}

/// Decides which notifications a committed decision causes and renders them; pure, so the store can write them
/// in the transaction of the events themselves.
public struct OutboxPlanner: Sendable {
    public var routes: [SinkRoute]
    public var contacts: [String: Contact]
    public var directory: Directory
    /// Where review links point (`webhooks.public_url`); nil sends none.
    public var publicURL: String?

    public init(routes: [SinkRoute], contacts: [String: Contact], directory: Directory, publicURL: String? = nil) {
        self.routes = routes
        self.contacts = contacts
        self.directory = directory
        self.publicURL = publicURL
    }

    public var isEmpty: Bool { routes.isEmpty }

    /// The sinks that would carry a person's review link for a client: JSON sinks that take reminders (`links send`
    /// sends a link as a reminder to its person alone).
    public func linkCarriers(client: String) -> [String] {
        guard publicURL != nil else { return [] }
        return routes.filter {
            $0.format == .json && $0.types.contains(.reminder) && ($0.clients?.contains(client) ?? true)
        }.map(\.name)
    }

    /// `pending` are the draft's timers after the decision, for the "what happens next" part; "now" is each
    /// event's own time.
    public func messages(for decision: Decision, pending: [PendingTimer]) -> [OutboxMessage] {
        var out: [OutboxMessage] = []
        for event in decision.events {
            guard let type = NotificationType.of(event) else { continue }
            // A link sent on request goes where links go, to its person: not as a reminder into a shared channel.
            let wanted = routes.filter {
                $0.types.contains(type) && ($0.clients?.contains(decision.draft.client) ?? true)
                    && (event.kind != .linkSent || $0.format == .json)
            }
            guard !wanted.isEmpty else { continue }
            let notice = Notice(
                type: type, event: event, draft: decision.draft, told: decision.told, pending: pending, planner: self,
                links: publicURL == nil ? [:] : decision.linkRefs)
            var json: String?
            var slack: String?
            for route in wanted {
                let payload: String
                switch route.format {
                case .json:
                    if json == nil { json = notice.envelope.text }
                    payload = json!
                case .slack:
                    if slack == nil { slack = notice.slackBody.text }
                    payload = slack!
                }
                out.append(
                    OutboxMessage(
                        sink: route.name, type: type, eventID: event.id, draftID: decision.draft.id, payload: payload))
            }
        }
        return out
    }

    /// A person as payloads name them; `locale` is the language to write to them in (theirs, else the client's).
    func person(_ name: String, client: String) -> JSONValue {
        let contact = contacts[name]
        let locale = directory.users[name]?.locale ?? directory.clients[client]?.locale
        return .object([
            ("name", .string(name)), ("side", .optional((contact?.side ?? directory.users[name]?.side)?.rawValue)),
            ("email", .optional(contact?.email)), ("slack_id", .optional(contact?.slackID)),
            ("locale", .optional(locale)),
        ])
    }
}

/// One event seen as a notification: the facts a payload and a message are made of.
struct Notice {
    let type: NotificationType
    let event: Event
    let draft: Draft
    let now: Date
    let planner: OutboxPlanner
    let zone: TimeZone
    let involvement: Involvement
    let notify: [String]
    /// Review links minted with this event, by user (JSON sinks only: a chat channel is shared).
    let links: [String: LinkRef]

    init(
        type: NotificationType, event: Event, draft: Draft, told: [String], pending: [PendingTimer],
        planner: OutboxPlanner, links: [String: LinkRef]
    ) {
        self.links = links
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
    var next: Upcoming? { involvement.next }

    var envelope: JSONValue {
        var nextValue = JSONValue.null
        if let next {
            nextValue = .object([
                ("action", .string(next.action)), ("at", .string(isoUTC(next.at))),
                ("local", .string(Deadlines.format(next.at, in: zone))),
                ("to", .array(next.involves.map { planner.person($0, client: draft.client) })),
            ])
        }
        let eventValue = JSONValue.object([
            ("id", .int(event.id)), ("action", .string(event.kind.rawValue)), ("actor", .string(event.actor)),
            ("via", .optional(event.via)), ("at", .string(isoUTC(event.at))), ("from", .optional(event.from?.rawValue)),
            ("to", .string(event.to.rawValue)), ("message", .optional(event.message)),
            ("data", .object(event.data.keys.sorted().map { ($0, .string(event.data[$0]!)) })),
        ])
        let draftValue = JSONValue.object([
            ("id", .int(draft.id)), ("title", .string(draft.content.title)), ("client", .string(draft.client)),
            ("client_name", .string(clientName)), ("lane", .string(draft.lane.rawValue)),
            ("state", .string(draft.state.rawValue)), ("revision", .int(Int64(draft.revision))),
            ("channels", .array(draft.content.channels.map(JSONValue.string))), ("author", .string(draft.author)),
            ("due_at", .optional(draft.dueAt.map(isoUTC))), ("published_url", .optional(draft.publishedURL)),
        ])
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
                ])
            ),
        ])
    }

    var clientName: String { planner.directory.clients[draft.client]?.name ?? draft.client }

    /// A notification's one line speaks the client's language: it may land in a channel both sides read.
    var language: PageLanguage { PageLanguage(tag: planner.directory.clients[draft.client]?.locale ?? "") ?? .en }

    /// "ACME · LinkedIn · “Launch post” waits for your approval — escalates to Dora at 14:30 Europe/Berlin".
    var text: String {
        var parts = [clientName]
        if !draft.content.channels.isEmpty {
            parts.append(draft.content.channels.map(channelName).joined(separator: ", "))
        }
        let german = language == .de
        parts.append(german ? "„\(draft.content.title)“ \(germanPhrase)" : "“\(draft.content.title)” \(phrase)")
        var line = parts.joined(separator: " · ")
        if let next, !draft.state.isTerminal {
            let to = next.involves.map(display).joined(separator: ", ")
            let verb: String =
                switch (german, next.kind) {
                case (false, .step(.remind)): "next reminder"
                case (false, .step(.warn)): "warning"
                case (false, .step(.escalate)): "escalates to \(to)"
                case (false, .step(.autoApprove)): "approves itself"
                case (false, .step(.returnToDraft)): "goes back to draft"
                case (false, .acknowledgementEnds): "decision promised by"
                case (false, .objectionEnds): "goes out unless you object by"
                case (false, .deadline), (false, .unknown): "due"
                case (true, .step(.remind)): "nächste Erinnerung"
                case (true, .step(.warn)): "Hinweis"
                case (true, .step(.escalate)): "geht auch an \(to)"
                case (true, .step(.autoApprove)): "gilt als freigegeben"
                case (true, .step(.returnToDraft)): "geht zurück an die Agentur"
                case (true, .acknowledgementEnds): "Entscheidung zugesagt bis"
                case (true, .objectionEnds): "gilt als freigegeben ohne Einspruch bis"
                case (true, .deadline), (true, .unknown): "fällig"
                }
            line += german ? " — \(verb): \(local(next.at))" : " — \(verb) at \(local(next.at))"
        }
        return line
    }

    private var germanPhrase: String {
        let actor = display(event.actor)
        switch type {
        case .submitted where draft.reviewMode == .unlessObjected:
            return "wird ohne Ihren Einspruch bis \(draft.dueAt.map(local) ?? "zum Fristende") freigegeben"
        case .submitted: return "wartet auf Ihre Freigabe"
        case .approvalGiven:
            let policy = planner.directory.policy(for: draft.lane, client: draft.client)
            let missing = max(policy.requiredApprovals - draft.currentApprovals.count, 1)
            return "wurde von \(actor) freigegeben, \(missing) weitere Freigabe\(missing == 1 ? "" : "n") nötig"
        case .approved: return "ist von \(actor) freigegeben und kann veröffentlicht werden"
        case .changesRequested:
            return "braucht Änderungen, erbeten von \(actor)" + (event.message.map { ": „\($0)“" } ?? "")
        case .published: return "ist veröffentlicht" + (draft.publishedURL.map { " unter \($0)" } ?? "")
        case .withdrawn: return "wurde von \(actor) zurückgezogen"
        case .reminder: return "wartet noch auf Ihre Freigabe"
        case .warning: return "wartet noch auf Ihre Freigabe; als Nächstes wird eskaliert"
        case .escalated:
            let added = notify.map(display)
            return
                "wartet auf Freigabe, jetzt auch durch \(added.isEmpty ? "die Eskalationsgruppe" : added.joined(separator: ", "))"
        case .autoApproved where event.data["mode"] == ReviewMode.unlessObjected.rawValue:
            return "ist freigegeben: niemand hat in der Frist Einspruch erhoben"
        case .autoApproved: return "gilt als freigegeben: niemand hat rechtzeitig geprüft"
        case .digest, .crisis: return "wartet auf Sie"
        case .returned: return "ist zurück im Entwurf: die Freigabefrist ist abgelaufen"
        case .acknowledged:
            return
                "bekommt eine Entscheidung bis \(draft.acknowledgedUntil.map(local) ?? "zur zugesagten Zeit"), sagt \(actor)"
        case .deadlineMissed:
            return event.missedTimer == .acknowledgement
                ? "hat die zugesagte Entscheidungszeit verpasst"
                : "hat seine Frist verpasst"
        }
    }

    private var phrase: String {
        let actor = display(event.actor)
        switch type {
        case .submitted where draft.reviewMode == .unlessObjected:
            return "goes out unless you object (request changes) by \(draft.dueAt.map(local) ?? "the window's end")"
        case .submitted: return "waits for your approval"
        case .approvalGiven:
            let policy = planner.directory.policy(for: draft.lane, client: draft.client)
            let missing = max(policy.requiredApprovals - draft.currentApprovals.count, 1)
            return "was approved by \(actor) and needs \(missing) more approval\(missing == 1 ? "" : "s")"
        case .approved: return "is approved by \(actor) and ready to publish"
        case .changesRequested:
            return "needs changes, asked by \(actor)" + (event.message.map { ": “\($0)”" } ?? "")
        case .published: return "is published" + (draft.publishedURL.map { " at \($0)" } ?? "")
        case .withdrawn: return "was withdrawn by \(actor)"
        case .reminder: return "still waits for your approval"
        case .warning: return "still waits for your approval; escalation comes next"
        case .escalated:
            let added = notify.map(display)
            return
                "waits for approval and now also for \(added.isEmpty ? "the escalation group" : added.joined(separator: ", "))"
        case .autoApproved where event.data["mode"] == ReviewMode.unlessObjected.rawValue:
            return "is approved: nobody objected in time"
        case .autoApproved: return "was approved on the system's behalf: nobody reviewed it in time"
        case .digest, .crisis: return "waits for you"
        case .returned: return "went back to draft: the review expired"
        case .acknowledged:
            return "will have a decision by \(draft.acknowledgedUntil.map(local) ?? "the promised time"), says \(actor)"
        case .deadlineMissed:
            return event.missedTimer == .acknowledgement
                ? "missed the promised decision time"
                : "missed its \(event.data["state"] ?? draft.state.rawValue) deadline"
        }
    }

    /// Time of day in the client's zone, with the date only when it is not today there.
    private func local(_ date: Date) -> String {
        let full = Deadlines.format(date, in: zone)
        let today = Deadlines.format(now, in: zone)
        return full.prefix(10) == today.prefix(10) ? String(full.dropFirst(11)) : full
    }

    func display(_ name: String) -> String { name.prefix(1).uppercased() + name.dropFirst() }

    private func channelName(_ channel: String) -> String {
        let known = [
            "linkedin": "LinkedIn", "x": "X", "twitter": "Twitter", "tiktok": "TikTok", "youtube": "YouTube",
            "instagram": "Instagram", "facebook": "Facebook", "bluesky": "Bluesky", "mastodon": "Mastodon",
            "threads": "Threads",
        ]
        return known[channel.lowercased()] ?? channel
    }
}
