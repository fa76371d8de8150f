/// Answer of `POST /hooks/<source>`: the transition, or for a redelivery the first one's outcome.
public struct WebhookOutcome: Codable, Sendable, Equatable {
    public var ok: Bool
    public var duplicate: Bool
    public var draft: Int64
    public var action: String?
    public var state: String?
    public var revision: Int?
    public var event: Int64?

    public init(duplicate: Bool, stored: [String: String]) {
        ok = true
        self.duplicate = duplicate
        draft = Int64(stored["draft"] ?? "") ?? 0
        action = stored["action"]
        state = stored["state"]
        revision = stored["revision"].flatMap(Int.init)
        event = stored["event"].flatMap(Int64.init)
    }
}
