/// A channel's count of a post's text against its limit: "x 120/280".
public struct ChannelCount: Sendable, Equatable, CustomStringConvertible {
    public var channel: String
    public var length: Int
    public var limit: Int?

    public init(channel: String, length: Int, limit: Int?) {
        self.channel = channel
        self.length = length
        self.limit = limit
    }

    public var description: String { limit.map { "\(channel) \(length)/\($0)" } ?? "\(channel) \(length)" }
}
