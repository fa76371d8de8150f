public import FlowCore
public import Foundation

/// Body of `POST /v1/templates`: a new template, a draft that goes through review like any other.
public struct DefineTemplateRequest: Codable, Sendable {
    public var client: String
    public var name: String
    public var title: String
    public var body: String
    public var channels: [String]?
    public var lane: Lane?
    public var labels: [String]?
    public var expiresAt: Date?
    public var maxPerDay: Int?
    public var crisis: Bool?
    public var message: String?

    public init(
        client: String, name: String, title: String, body: String, channels: [String]? = nil, lane: Lane? = nil,
        labels: [String]? = nil, expiresAt: Date? = nil, maxPerDay: Int? = nil, crisis: Bool? = nil,
        message: String? = nil
    ) {
        self.client = client
        self.name = name
        self.title = title
        self.body = body
        self.channels = channels
        self.lane = lane
        self.labels = labels
        self.expiresAt = expiresAt
        self.maxPerDay = maxPerDay
        self.crisis = crisis
        self.message = message
    }

    /// The rules its uses will follow: not a crisis template unless it says so.
    public var rules: TemplateRules {
        TemplateRules(name: name, expiresAt: expiresAt, maxUsesPerDay: maxPerDay, crisis: crisis ?? false)
    }

    /// The template's text: no channels are empty ones; a template is never scheduled.
    public var content: Content { Content(title: title, body: body, channels: channels ?? [], publishAt: nil) }
}

/// Body of `POST /v1/templates/use`: a new draft from an approved template.
public struct UseTemplateRequest: Codable, Sendable {
    /// `client/name`.
    public var template: String
    public var values: [String: String]?
    public var lane: Lane?
    public var publishAt: Date?
    public var labels: [String]?
    public var message: String?

    public init(
        template: String, values: [String: String]? = nil, lane: Lane? = nil, publishAt: Date? = nil,
        labels: [String]? = nil, message: String? = nil
    ) {
        self.template = template
        self.values = values
        self.lane = lane
        self.publishAt = publishAt
        self.labels = labels
        self.message = message
    }
}

/// Body of `POST /v1/templates/revoke`.
public struct RevokeTemplateRequest: Codable, Sendable {
    public var template: String
    public var message: String?

    public init(template: String, message: String? = nil) {
        self.template = template
        self.message = message
    }
}

/// A placeholder as `template ls` shows it: `eta` and "a time like 14:30".
public struct PlaceholderView: Codable, Sendable, Equatable {
    public var name: String
    public var kind: String

    public init(name: String, kind: String) {
        self.name = name
        self.kind = kind
    }
}

/// One template with what its use needs and whether it may be used now.
public struct TemplateView: Codable, Sendable, Equatable {
    public var draft: Int64
    /// `client/name`.
    public var name: String
    public var client: String
    public var state: DraftState
    public var title: String
    public var body: String
    public var placeholders: [PlaceholderView]
    public var usable: Bool
    /// Why it may not be used now, when it may not.
    public var why: String?
    public var approvedBy: [String]
    public var approvedAt: Date?
    public var expiresAt: Date?
    public var maxPerDay: Int?
    public var usesToday: Int
    public var crisis: Bool

    public init(
        draft: Int64, name: String, client: String, state: DraftState, title: String, body: String,
        placeholders: [PlaceholderView], usable: Bool, why: String?, approvedBy: [String], approvedAt: Date?,
        expiresAt: Date?, maxPerDay: Int?, usesToday: Int, crisis: Bool
    ) {
        self.draft = draft
        self.name = name
        self.client = client
        self.state = state
        self.title = title
        self.body = body
        self.placeholders = placeholders
        self.usable = usable
        self.why = why
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.expiresAt = expiresAt
        self.maxPerDay = maxPerDay
        self.usesToday = usesToday
        self.crisis = crisis
    }

    /// The template as the engine read it.
    public init(_ standing: TemplateStanding) {
        let template = standing.template
        self.init(
            draft: template.id, name: standing.name, client: template.client, state: template.state,
            title: template.content.title, body: template.content.body,
            placeholders: standing.placeholders.map { PlaceholderView(name: $0.name, kind: $0.kind.description) },
            usable: standing.usable, why: standing.why, approvedBy: standing.grant?.approvedBy ?? [],
            approvedAt: standing.grant?.approvedAt, expiresAt: standing.rules.expiresAt,
            maxPerDay: standing.rules.maxUsesPerDay, usesToday: standing.usesToday, crisis: standing.rules.crisis)
    }
}

/// Answer of `GET /v1/templates`: crisis templates first for clients in crisis, then by client and name.
public struct TemplateList: Codable, Sendable {
    public var templates: [TemplateView]

    public init(templates: [TemplateView]) { self.templates = templates }

    public init(_ standings: [TemplateStanding]) { self.init(templates: standings.map { TemplateView($0) }) }
}
