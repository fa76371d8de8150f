import FlowCore
public import Foundation

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
