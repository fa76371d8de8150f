public import FlowCore
public import Foundation

/// Body of `POST /v1/drafts`.
public struct CreateRequest: Codable, Sendable {
    public var client: String
    public var title: String
    public var body: String?
    public var channels: [String]?
    public var lane: Lane?
    public var publishAt: Date?
    public var labels: [String]?
    public var message: String?

    public init(
        client: String, title: String, body: String? = nil, channels: [String]? = nil, lane: Lane? = nil,
        publishAt: Date? = nil, labels: [String]? = nil, message: String? = nil
    ) {
        self.client = client
        self.title = title
        self.body = body
        self.channels = channels
        self.lane = lane
        self.publishAt = publishAt
        self.labels = labels
        self.message = message
    }
}

/// Body of `POST /v1/drafts/{id}/{action}`; each action reads the fields it needs.
public struct ActionRequest: Sendable {
    public var revision: Int?
    public var message: String?
    public var title: String?
    public var body: String?
    public var channels: [String]?
    public var publishAt: Date?
    public var clearPublishAt: Bool?
    public var url: String?
    public var externalId: String?
    public var contentHash: String?
    /// For acknowledge: the time a decision is promised by.
    public var until: Date?

    public init(
        revision: Int? = nil, message: String? = nil, title: String? = nil, body: String? = nil,
        channels: [String]? = nil, publishAt: Date? = nil, clearPublishAt: Bool? = nil, url: String? = nil,
        externalId: String? = nil, contentHash: String? = nil, until: Date? = nil
    ) {
        self.until = until
        self.revision = revision
        self.message = message
        self.title = title
        self.body = body
        self.channels = channels
        self.publishAt = publishAt
        self.clearPublishAt = clearPublishAt
        self.url = url
        self.externalId = externalId
        self.contentHash = contentHash
    }
}

/// Body of `POST /v1/backup`.
public struct BackupRequest: Codable, Sendable {
    /// Absolute; must not exist yet. The daemon writes it, as its own user.
    public var path: String

    public init(path: String) { self.path = path }
}
