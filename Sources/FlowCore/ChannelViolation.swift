/// A rule of a channel that a post breaks, with the figure: "x: 291 of 280 characters".
public struct ChannelViolation: Sendable, Equatable, CustomStringConvertible {
    public var channel: String
    /// What is counted: characters, bytes, hashtags, mentions or links; or, for a channel the table does not
    /// know where it refuses those, nil.
    public var rule: String?
    public var figure: Int
    public var limit: Int

    public init(channel: String, rule: String?, figure: Int, limit: Int) {
        self.channel = channel
        self.rule = rule
        self.figure = figure
        self.limit = limit
    }

    public var description: String {
        guard let rule else { return "\(channel): not a channel in the channel table" }
        return "\(channel): \(figure) of \(limit) \(rule)"
    }
}
