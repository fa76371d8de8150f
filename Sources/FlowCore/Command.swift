public import Foundation

/// A request to change a draft, as the domain sees it.
public enum Command: Sendable, Equatable {
    case create(client: String, lane: Lane, content: Content, labels: [String])
    /// Create a draft of kind template: reviewed like any draft, then used, never published.
    case defineTemplate(client: String, lane: Lane, content: Content, labels: [String], rules: TemplateRules)
    /// Create a draft from the approved template the store found (`DecisionContext.template`).
    case useTemplate(TemplateUse)
    case edit(ContentPatch)
    case submit
    case approve
    case requestChanges
    case publish(url: String?, externalID: String?, contentHash: String?)
    case withdraw
    case comment
    case acknowledge(until: Date)

    public var action: Action {
        switch self {
        case .create, .defineTemplate, .useTemplate: .create
        case .edit: .edit
        case .submit: .submit
        case .approve: .approve
        case .requestChanges: .requestChanges
        case .publish: .publish
        case .withdraw: .withdraw
        case .comment: .comment
        case .acknowledge: .acknowledge
        }
    }
}

/// The fields of an edit; nil leaves a field as it is.
public struct ContentPatch: Sendable, Equatable, Codable {
    public var title: String?
    public var body: String?
    public var channels: [String]?
    public var publishAt: Date?
    public var clearPublishAt: Bool
    /// A change to the media; an edit changes the text or the media, or both.
    public var media: MediaChange?

    public init(
        title: String? = nil, body: String? = nil, channels: [String]? = nil, publishAt: Date? = nil,
        clearPublishAt: Bool = false, media: MediaChange? = nil
    ) {
        self.title = title
        self.body = body
        self.channels = channels
        self.publishAt = publishAt
        self.clearPublishAt = clearPublishAt
        self.media = media
    }

    public var isEmpty: Bool {
        title == nil && body == nil && channels == nil && publishAt == nil && !clearPublishAt && media == nil
    }
}

/// A command with what the caller saw and why they act.
public struct Request: Sendable, Equatable {
    public var command: Command
    public var expectedRevision: Int?
    public var message: String?

    public init(_ command: Command, expectedRevision: Int? = nil, message: String? = nil) {
        self.command = command
        self.expectedRevision = expectedRevision
        self.message = message
    }
}
