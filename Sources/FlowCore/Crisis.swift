public import Foundation

/// A client in crisis: new drafts go to the crisis lane, with its minute SLAs, until someone ends it. At most one
/// runs per client.
public struct Crisis: Sendable, Equatable {
    public var id: Int64
    public var client: String
    public var message: String
    public var startedAt: Date
    public var startedBy: String
    public var endedAt: Date?
    public var endedBy: String?

    public init(
        id: Int64, client: String, message: String, startedAt: Date, startedBy: String, endedAt: Date? = nil,
        endedBy: String? = nil
    ) {
        self.id = id
        self.client = client
        self.message = message
        self.startedAt = startedAt
        self.startedBy = startedBy
        self.endedAt = endedAt
        self.endedBy = endedBy
    }

    /// Why a crisis message is refused, if it is: it says what happened, on one line, briefly.
    public static func checkMessage(_ text: String?) throws(Refusal) -> String {
        let message = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !message.isEmpty else { throw Refusal(.invalidRequest, "a crisis needs a message (-m): what happened") }
        guard message.count <= 500, !message.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { throw Refusal(.invalidRequest, "a crisis message is one line of at most 500 characters") }
        return message
    }
}

extension OutboxPlanner {
    /// What a crisis start sends: to each sink that takes `crisis` notifications for the client, an envelope
    /// naming the roster with their contacts, or for Slack the line `rendering` writes.
    public func crisisMessages(_ crisis: Crisis, now: Date) -> [OutboxMessage] {
        let client = directory.clients[crisis.client]
        let roster = client?.crisisRoster ?? []
        let name = client?.name ?? crisis.client
        let text = rendering.crisisLine(crisis, clientName: name)
        let envelope = JSONValue.object([
            ("type", .string("crisis")), ("timestamp", .string(isoUTC(now))),
            (
                "data",
                .object([
                    ("client", .string(crisis.client)), ("client_name", .string(name)),
                    ("message", .string(crisis.message)), ("started_by", .string(crisis.startedBy)),
                    ("started_at", .string(isoUTC(crisis.startedAt))),
                    ("notify", .array(roster.map { person($0, client: crisis.client) })), ("text", .string(text)),
                    ("agency", .optional(directory.agencyName)),
                ])
            ),
        ]).text
        let slack = rendering.crisisSlack(text, roster: roster, contacts: contacts)
        return routes.filter { route in
            route.types.contains(.crisis) && (route.clients?.contains(crisis.client) ?? true)
        }.map { route in
            OutboxMessage(
                sink: route.name, type: .crisis, eventID: 0, draftID: 0,
                payload: route.format == .slack ? slack : envelope)
        }
    }
}
