import Foundation

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

/// Decides which notifications a committed decision causes and has them written (the envelope here, a Slack
/// message and the line for people by its `rendering`); pure, so the store can write them in the transaction of the events themselves.
public struct OutboxPlanner: Sendable {
    public var routes: [SinkRoute]
    public var contacts: [String: Contact]
    public var directory: Directory
    /// Where review links point (`webhooks.public_url`); nil sends none.
    public var publicURL: String?
    /// Writes the notices' text and Slack messages (FlowRender's `NoticeRenderer`, given by whoever builds the
    /// planner).
    public var rendering: any NoticeRendering

    public init(
        routes: [SinkRoute], contacts: [String: Contact], directory: Directory, publicURL: String? = nil,
        rendering: any NoticeRendering
    ) {
        self.routes = routes
        self.contacts = contacts
        self.directory = directory
        self.publicURL = publicURL
        self.rendering = rendering
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
                links: publicURL == nil ? [:] : decision.linkRefs, inboxes: publicURL == nil ? [:] : decision.inboxRefs)
            let line = rendering.line(notice)
            var json: String?
            var slack: String?
            for route in wanted {
                let payload: String
                switch route.format {
                case .json:
                    if json == nil { json = notice.envelope(text: line).text }
                    payload = json!
                case .slack:
                    if slack == nil { slack = rendering.slack(notice, line: line) }
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
