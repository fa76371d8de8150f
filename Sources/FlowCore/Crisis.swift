public import Foundation

/// A client in crisis: new drafts go to the crisis lane, with its minute SLAs, until someone ends it. At most one
/// runs per client.
public struct Crisis: Sendable, Equatable {
    public var id: Int64
    public var client: String
    public var message: String
    public var startedAt: Date
    public var startedBy: String
    public var endedAt: Date?
    public var endedBy: String?

    public init(
        id: Int64, client: String, message: String, startedAt: Date, startedBy: String, endedAt: Date? = nil,
        endedBy: String? = nil
    ) {
        self.id = id
        self.client = client
        self.message = message
        self.startedAt = startedAt
        self.startedBy = startedBy
        self.endedAt = endedAt
        self.endedBy = endedBy
    }

    /// Why a crisis message is refused, if it is: it says what happened, on one line, briefly.
    public static func checkMessage(_ text: String?) throws(Refusal) -> String {
        let message = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !message.isEmpty else { throw Refusal(.invalidRequest, "a crisis needs a message (-m): what happened") }
        guard message.count <= 500, !message.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { throw Refusal(.invalidRequest, "a crisis message is one line of at most 500 characters") }
        return message
    }
}
