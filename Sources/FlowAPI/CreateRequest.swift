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

    /// The new draft's content: no body and no channels are empty ones.
    public var content: Content {
        Content(title: title, body: body ?? "", channels: channels ?? [], publishAt: publishAt)
    }
}
