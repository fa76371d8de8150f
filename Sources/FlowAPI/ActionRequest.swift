public import FlowCore
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

extension ActionRequest {
    /// The domain's request for the action the path names, with this body's fields: the wire's action names read
    /// once, at the edge.
    public func request(for actionName: String) throws(WireDecodingError) -> Request {
        guard let action = Action(rawValue: actionName), action != .create else {
            let names = Action.allCases.filter { $0 != .create }.map(\.rawValue).joined(separator: ", ")
            throw WireDecodingError(
                code: .unknownAction, message: "unknown action \(quoted(actionName)); actions are \(names)")
        }
        let command: Command
        switch action {
        case .create: throw WireDecodingError(code: .unknownAction, message: "create is POST /v1/drafts")
        case .edit:
            command = .edit(
                ContentPatch(
                    title: title, body: self.body, channels: channels, publishAt: publishAt,
                    clearPublishAt: clearPublishAt ?? false))
        case .submit: command = .submit
        case .approve: command = .approve
        case .requestChanges: command = .requestChanges
        case .publish: command = .publish(url: url, externalID: externalId, contentHash: contentHash)
        case .withdraw: command = .withdraw
        case .comment: command = .comment
        case .acknowledge:
            guard let until = until else {
                throw WireDecodingError(
                    code: .invalidRequest, message: "acknowledge needs until: the time a decision is promised by")
            }
            command = .acknowledge(until: until)
        }
        return Request(command, expectedRevision: revision, message: message)
    }
}
