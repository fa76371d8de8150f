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
    case publish, withdraw, comment, acknowledge
}

/// A person known to flowd.
public struct User: Codable, Sendable, Equatable {
    public var name: String
    public var side: Side
    public var roles: Set<Role>
    /// For agency users: the clients they work on (an account team); nil means every client. Company users
    /// belong to the clients that list them instead (see `Directory.scope(of:)`).
    public var clients: Set<String>?
    /// The language pages and messages use for this person (`de`, `en`); nil: the client's, else the browser's.
    public var locale: String?

    public init(name: String, side: Side, roles: Set<Role>, clients: Set<String>? = nil, locale: String? = nil) {
        self.name = name
        self.side = side
        self.roles = roles
        self.clients = clients
        self.locale = locale
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }
}

/// A company the agency works for.
public struct Client: Sendable, Equatable {
    public var id: String
    public var name: String
    public var approvers: [String]
    public var backupApprovers: [String]
    /// Company-side people of this client who are neither approver nor backup: authors and viewers.
    public var members: [String]
    /// The language of this client's people unless their own entry says otherwise.
    public var locale: String?
    /// Working hours and timezone; nil means around the clock in UTC.
    public var hours: BusinessHours?
    /// Lane policies that replace the global ones for this client.
    public var lanes: [Lane: LanePolicy]
    /// The weekdays (1 = Sunday … 7 = Saturday) on which the client expects a post; the calendar shows the gaps.
    public var cadence: Set<Int>
    /// Who is told at once when the client goes into crisis mode (people of either side).
    public var crisisRoster: [String] = []

    public init(
        id: String, name: String, approvers: [String] = [], backupApprovers: [String] = [], members: [String] = [],
        hours: BusinessHours? = nil, lanes: [Lane: LanePolicy] = [:], locale: String? = nil, cadence: Set<Int> = []
    ) {
        self.cadence = cadence
        self.locale = locale
        self.id = id
        self.name = name
        self.approvers = approvers
        self.backupApprovers = backupApprovers
        self.members = members
        self.hours = hours
        self.lanes = lanes
    }

    public var timeZone: TimeZone { hours?.timeZone ?? TimeZone(identifier: "UTC")! }

    /// Whether the client lists `name` among its company-side people. Asked for every client on every decision (a
    /// company user's scope), so it reads the three lists where they are instead of joining them into a new one.
    public func lists(_ name: String) -> Bool {
        approvers.contains(name) || backupApprovers.contains(name) || members.contains(name)
    }
}

/// What a ladder step does when it comes due.
public enum StepAction: String, Codable, Sendable, CaseIterable {
    case remind, warn, escalate
    case autoApprove = "auto_approve"
    case returnToDraft = "return"
}

/// One rung of an escalation ladder: `after` counts from entering review, in the lane's clock.
public struct LadderStep: Codable, Sendable, Equatable {
    public var after: TimeSpan
    public var action: StepAction
    /// For escalate: `backup_approvers`, `all`, or a group name.
    public var to: String?
    /// For remind: repeat this often after the first time …
    public var every: TimeSpan?
    /// … at most this many times in all.
    public var max: Int?

    public init(after: TimeSpan, action: StepAction, to: String? = nil, every: TimeSpan? = nil, max: Int? = nil) {
        self.after = after
        self.action = action
        self.to = to
        self.every = every
        self.max = max
    }

    /// A short human name for logs and events: "escalate to backup_approvers after 4h".
    public var rule: String {
        var text = action.rawValue
        if let to { text += " to \(to)" }
        text += " after \(after)"
        if let every { text += " every \(every)" }
        if let max { text += " max \(max)" }
        return text
    }
}

/// The rules of one lane (possibly overridden for one client).
public struct LanePolicy: Codable, Sendable, Equatable {
    public var requiredApprovals: Int
    public var reviewSLA: TimeSpan?
    public var reworkSLA: TimeSpan?
    public var publishGrace: TimeSpan?
    public var clock: ClockKind
    public var maxAcknowledge: TimeSpan
    public var allowAutoApprove: Bool
    public var ladder: [LadderStep]
    /// A draft made from an approved template in this lane is approved by the template's approval at once.
    public var allowTemplates: Bool = false
    /// Earned autonomy, when the client grants it for this lane (set under the client only).
    public var autonomy: AutonomyPolicy?
    /// `submit` refuses a draft with a picture or video that has no alt text.
    public var requireAltText = false
    /// Uploads keep their location metadata (EXIF GPS, XMP), which is otherwise stripped before they are stored.
    public var keepLocation = false

    public init(
        requiredApprovals: Int = 1, reviewSLA: TimeSpan? = nil, reworkSLA: TimeSpan? = nil,
        publishGrace: TimeSpan? = nil, clock: ClockKind = .business,
        maxAcknowledge: TimeSpan = TimeSpan(seconds: 86_400),
        allowAutoApprove: Bool = false, ladder: [LadderStep] = []
    ) {
        self.requiredApprovals = requiredApprovals
        self.reviewSLA = reviewSLA
        self.reworkSLA = reworkSLA
        self.publishGrace = publishGrace
        self.clock = clock
        self.maxAcknowledge = maxAcknowledge
        self.allowAutoApprove = allowAutoApprove
        self.ladder = ladder
    }

    /// The default for a lane: crisis runs around the clock, the others in business hours.
    public static func defaults(for lane: Lane) -> LanePolicy {
        LanePolicy(clock: lane == .crisis ? .always : .business)
    }
}

/// Who performs an action: the effective user and, when an admin acts for them, that admin.
public struct Actor: Codable, Sendable, Equatable {
    public var user: User
    public var via: String?
    /// For a decision through a review link: the person its address was shown to (`ReviewLink.shownTo`), who
    /// must not have written the revision either.
    public var linkShownTo: String?

    public init(user: User, via: String? = nil, linkShownTo: String? = nil) {
        self.user = user
        self.via = via
        self.linkShownTo = linkShownTo
    }

    /// `via` for decisions made through a review link: a channel, not a person.
    public static let reviewLink = "review-link"

    /// The humans behind the action: the effective user and the admin acting for them. A webhook source
    /// (`webhook:NAME`) and a review link are channels, not people.
    public var people: [String] {
        // Byte by byte: `contains` with a string argument is Foundation's, an NSString search on every decision.
        guard let via, !via.utf8.contains(UInt8(ascii: ":")), via != user.name, via != Self.reviewLink else {
            return [user.name]
        }
        return [user.name, via]
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
    /// The pictures and videos that go out with the text, in the order they are posted.
    public var media: [Medium]

    public init(title: String, body: String, channels: [String], publishAt: Date?, media: [Medium] = []) {
        self.title = title
        self.body = body
        self.channels = channels
        self.publishAt = publishAt
        self.media = media
    }

    private enum CodingKeys: String, CodingKey { case title, body, channels, publishAt, media }

    /// Content written before drafts carried media has no `media` key.
    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: CodingKeys.self)
        title = try keys.decode(String.self, forKey: .title)
        body = try keys.decode(String.self, forKey: .body)
        channels = try keys.decode([String].self, forKey: .channels)
        publishAt = try keys.decodeIfPresent(Date.self, forKey: .publishAt)
        media = try keys.decodeIfPresent([Medium].self, forKey: .media) ?? []
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
    /// The admin who wrote the current revision in `revisionAuthor`'s name, if one did.
    public var revisionVia: String?
    public var approvals: [Approval]
    public var approvedHash: String?
    public var labels: [String]
    public var publishedURL: String?
    public var externalID: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// Users added to the reviewers by escalation during the current review.
    public var extraReviewers: [String]
    /// The deadline of the current state, if it has one.
    public var dueAt: Date?
    /// An approver promised a decision by then; the ladder waits until it passes.
    public var acknowledgedUntil: Date?
    /// When the draft entered its current state; ladder steps count from here.
    public var enteredAt: Date?
    /// How far acknowledgements have pushed the ladder back in this review round, in seconds.
    public var acknowledgedSeconds: Double
    /// When a config reload last re-planned this draft's pending steps.
    public var replannedAt: Date?
    /// Set when the draft is a template: its name and the limits of its use.
    public var template: TemplateRules?
    /// The template this draft was made from (its draft id).
    public var fromTemplate: Int64?
    /// How the current review runs: the ladder, or an objection window under earned autonomy.
    public var reviewMode: ReviewMode = .normal
    /// When the draft's review first came to a decision; the lane's autonomy record counts decided drafts.
    public var decidedAt: Date?
    /// Whether changes were ever asked for: such a draft does not count as approved without changes.
    public var changesRequested = false

    public init(
        id: Int64, client: String, lane: Lane, state: DraftState, revision: Int, content: Content,
        contentHash: String, author: String, revisionAuthor: String, revisionAuthorSide: Side,
        revisionVia: String? = nil, approvals: [Approval] = [], approvedHash: String? = nil, labels: [String] = [],
        publishedURL: String? = nil, externalID: String? = nil, createdAt: Date, updatedAt: Date,
        extraReviewers: [String] = [], dueAt: Date? = nil, acknowledgedUntil: Date? = nil, enteredAt: Date? = nil,
        acknowledgedSeconds: Double = 0, replannedAt: Date? = nil
    ) {
        self.enteredAt = enteredAt
        self.acknowledgedSeconds = acknowledgedSeconds
        self.replannedAt = replannedAt
        self.revisionVia = revisionVia
        self.extraReviewers = extraReviewers
        self.dueAt = dueAt
        self.acknowledgedUntil = acknowledgedUntil
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
    public var kind: EventKind
    public var from: DraftState?
    public var to: DraftState
    public var revision: Int
    public var message: String?
    public var data: [String: String]

    public init(
        id: Int64 = 0, draftID: Int64, at: Date, actor: String, via: String? = nil, kind: EventKind,
        from: DraftState?, to: DraftState, revision: Int, message: String? = nil, data: [String: String] = [:]
    ) {
        self.id = id
        self.draftID = draftID
        self.at = at
        self.actor = actor
        self.via = via
        self.kind = kind
        self.from = from
        self.to = to
        self.revision = revision
        self.message = message
        self.data = data
    }
}
