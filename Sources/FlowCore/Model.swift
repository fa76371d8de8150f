public import Foundation

/// Where a draft is in its life.
public enum DraftState: String, Codable, Sendable, CaseIterable, Comparable {
    case draft, review, approved, published, withdrawn

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Terminal states accept comments only.
    public var isTerminal: Bool { self == .published || self == .withdrawn }
}

/// How urgent a draft is; selects the policy that applies to it.
public enum Lane: String, Codable, Sendable, CaseIterable {
    case normal, urgent, crisis
}

/// Which organisation a person works for.
public enum Side: String, Codable, Sendable, CaseIterable {
    case agency, company

    public var other: Side { self == .agency ? .company : .agency }
}

/// What a person may do.
public enum Role: String, Codable, Sendable, CaseIterable {
    case author, approver, publisher, admin
}

/// Every verb of the state table.
public enum Action: String, Codable, Sendable, CaseIterable {
    case create, edit, submit, approve
    case requestChanges = "request-changes"
    case publish, withdraw, comment
}

/// A person known to flowd.
public struct User: Codable, Sendable, Equatable {
    public var name: String
    public var side: Side
    public var roles: Set<Role>

    public init(name: String, side: Side, roles: Set<Role>) {
        self.name = name
        self.side = side
        self.roles = roles
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }
}

/// A company the agency works for.
public struct Client: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var approvers: [String]
    public var backupApprovers: [String]

    public init(id: String, name: String, approvers: [String] = [], backupApprovers: [String] = []) {
        self.id = id
        self.name = name
        self.approvers = approvers
        self.backupApprovers = backupApprovers
    }

    public func lists(_ user: String) -> Bool {
        approvers.contains(user) || backupApprovers.contains(user)
    }
}

/// The rules of one lane.
public struct LanePolicy: Codable, Sendable, Equatable {
    public var requiredApprovals: Int

    public init(requiredApprovals: Int = 1) {
        self.requiredApprovals = requiredApprovals
    }
}

/// Who performs an action: the effective user and, when an admin acts for them, that admin.
public struct Actor: Codable, Sendable, Equatable {
    public var user: User
    public var via: String?

    public init(user: User, via: String? = nil) {
        self.user = user
        self.via = via
    }
}

/// One approval, bound to the revision it was given for.
public struct Approval: Codable, Sendable, Equatable {
    public var user: String
    public var revision: Int
    public var at: Date

    public init(user: String, revision: Int, at: Date) {
        self.user = user
        self.revision = revision
        self.at = at
    }
}

/// The content that approvals bind to; hashing it is how publish proves nothing changed.
public struct Content: Codable, Sendable, Equatable {
    public var title: String
    public var body: String
    public var channels: [String]
    public var publishAt: Date?

    public init(title: String, body: String, channels: [String], publishAt: Date?) {
        self.title = title
        self.body = body
        self.channels = channels
        self.publishAt = publishAt
    }
}

/// A draft as its events leave it.
public struct Draft: Codable, Sendable, Equatable {
    public var id: Int64
    public var client: String
    public var lane: Lane
    public var state: DraftState
    public var revision: Int
    public var content: Content
    public var contentHash: String
    public var author: String
    public var revisionAuthor: String
    public var revisionAuthorSide: Side
    public var approvals: [Approval]
    public var approvedHash: String?
    public var labels: [String]
    public var publishedURL: String?
    public var externalID: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, client: String, lane: Lane, state: DraftState, revision: Int, content: Content,
        contentHash: String, author: String, revisionAuthor: String, revisionAuthorSide: Side,
        approvals: [Approval] = [], approvedHash: String? = nil, labels: [String] = [],
        publishedURL: String? = nil, externalID: String? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.client = client
        self.lane = lane
        self.state = state
        self.revision = revision
        self.content = content
        self.contentHash = contentHash
        self.author = author
        self.revisionAuthor = revisionAuthor
        self.revisionAuthorSide = revisionAuthorSide
        self.approvals = approvals
        self.approvedHash = approvedHash
        self.labels = labels
        self.publishedURL = publishedURL
        self.externalID = externalID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Approvals that still count: those given for the current revision.
    public var currentApprovals: [Approval] { approvals.filter { $0.revision == revision } }
}

/// One entry of a draft's append-only history.
public struct Event: Codable, Sendable, Equatable {
    public var id: Int64
    public var draftID: Int64
    public var at: Date
    public var actor: String
    public var via: String?
    public var action: String
    public var from: DraftState?
    public var to: DraftState
    public var revision: Int
    public var message: String?
    public var data: [String: String]

    public init(
        id: Int64 = 0, draftID: Int64, at: Date, actor: String, via: String? = nil, action: String,
        from: DraftState?, to: DraftState, revision: Int, message: String? = nil, data: [String: String] = [:]
    ) {
        self.id = id
        self.draftID = draftID
        self.at = at
        self.actor = actor
        self.via = via
        self.action = action
        self.from = from
        self.to = to
        self.revision = revision
        self.message = message
        self.data = data
    }
}
