import Foundation

/// One event seen as a notification: the facts a payload and a message are made of.
public struct Notice {
    public let type: NotificationType
    public let event: Event
    public let draft: Draft
    let now: Date
    let planner: OutboxPlanner
    let zone: TimeZone
    let involvement: Involvement
    /// Who is told, by name.
    public let notify: [String]
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

    /// How to reach a person the notice names.
    public func contact(_ name: String) -> Contact? { planner.contacts[name] }

    /// Entering review, a reminder and an escalation ask the people they name to decide now; the other types
    /// report what happened, and a button under them would invite a decision nobody was asked for.
    public var asksForDecision: Bool {
        draft.state == .review && (type == .submitted || type == .reminder || type == .escalated)
    }

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
    public var language: PageLanguage {
        PageLanguage(tag: planner.directory.clients[draft.client]?.locale ?? "") ?? .en
    }

    /// "ACME · LinkedIn · “Launch post” waits for your approval — escalates to Dora at 14:30 Europe/Berlin".
    public var text: String {
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
