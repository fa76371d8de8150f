/// A channel's count of a post's text against its limit; flowctl writes it for people.
public struct ChannelCount: Sendable, Equatable {
    public var channel: String
    public var length: Int
    public var limit: Int?

    public init(channel: String, length: Int, limit: Int?) {
        self.channel = channel
        self.length = length
        self.limit = limit
    }
}
