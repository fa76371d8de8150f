import Foundation

/// How a sink wants its notifications: the signed JSON envelope, or a Slack incoming-webhook message.
public enum SinkFormat: String, Sendable, CaseIterable {
    case json, slack
}

/// Which notifications a sink takes and in which form.
public struct SinkRoute: Sendable, Equatable {
    public var name: String
    public var format: SinkFormat
    public var types: Set<NotificationType>
    /// nil: every client.
    public var clients: Set<String>?

    public init(
        name: String, format: SinkFormat, types: Set<NotificationType> = Set(NotificationType.allCases),
        clients: Set<String>? = nil
    ) {
        self.name = name
        self.format = format
        self.types = types
        self.clients = clients
    }
}
