public import FlowCore
public import Foundation

/// Body of `POST /v1/crises/start` and `POST /v1/crises/end`.
public struct CrisisRequest: Codable, Sendable {
    public var client: String
    public var message: String?

    public init(client: String, message: String? = nil) {
        self.client = client
        self.message = message
    }
}

/// How one person answered during a crisis.
public struct CrisisResponderView: Codable, Sendable, Equatable {
    public var person: String
    /// Review rounds this person decided.
    public var decided: Int
    /// Their median time to first response, in seconds.
    public var firstResponseP50: Int64?

    public init(person: String, decided: Int, firstResponseP50: Int64?) {
        self.person = person
        self.decided = decided
        self.firstResponseP50 = firstResponseP50
    }
}

/// What `crisis end` reports: the crisis lane's figures from start to end.
public struct CrisisSummaryView: Codable, Sendable, Equatable {
    /// From the start to the first approved statement, in seconds.
    public var firstApprovedAfter: Int64?
    public var statements: Int
    public var approved: Int
    public var published: Int
    public var responders: [CrisisResponderView]

    public init(
        firstApprovedAfter: Int64?, statements: Int, approved: Int, published: Int, responders: [CrisisResponderView]
    ) {
        self.firstApprovedAfter = firstApprovedAfter
        self.statements = statements
        self.approved = approved
        self.published = published
        self.responders = responders
    }

    public init(_ summary: CrisisSummary) {
        self.init(
            firstApprovedAfter: summary.firstApprovedAfter, statements: summary.statements, approved: summary.approved,
            published: summary.published,
            responders: summary.responders.map {
                CrisisResponderView(person: $0.person, decided: $0.decided, firstResponseP50: $0.firstResponseP50)
            })
    }
}

/// A crisis, and once ended its summary.
public struct CrisisView: Codable, Sendable, Equatable {
    public var client: String
    public var message: String
    public var startedAt: Date
    public var startedBy: String
    public var endedAt: Date?
    public var endedBy: String?
    public var summary: CrisisSummaryView?
    /// At the start: the client's crisis templates that may be used now, offered first.
    public var templates: [TemplateView]?

    public init(_ crisis: Crisis, summary: CrisisSummaryView? = nil) {
        client = crisis.client
        message = crisis.message
        startedAt = crisis.startedAt
        startedBy = crisis.startedBy
        endedAt = crisis.endedAt
        endedBy = crisis.endedBy
        self.summary = summary
    }

    /// A crisis as it ended, with how its crisis lane went.
    public init(_ crisis: Crisis, summary: CrisisSummary) { self.init(crisis, summary: CrisisSummaryView(summary)) }

    /// A crisis as it started, offering the client's crisis templates that may be used now.
    public init(_ crisis: Crisis, templates: [TemplateStanding]) {
        self.init(crisis)
        self.templates = templates.map { TemplateView($0) }
    }
}

/// Answer of `GET /v1/crises`: the crises running now, in the caller's scope.
public struct CrisisList: Codable, Sendable {
    public var crises: [CrisisView]

    public init(crises: [CrisisView]) { self.crises = crises }

    public init(_ crises: [Crisis]) { self.init(crises: crises.map { CrisisView($0) }) }
}
