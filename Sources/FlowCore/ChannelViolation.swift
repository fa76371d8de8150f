/// A rule of a channel that a post breaks, with the figure: "x: 291 of 280 characters".
public struct ChannelViolation: Sendable, Equatable, CustomStringConvertible {
    public var channel: String
    /// What is counted: characters, bytes, hashtags, mentions or links; or, for a channel the table does not
    /// know where it refuses those, nil.
    public var rule: String?
    public var figure: Int
    public var limit: Int
    /// For a rule on one medium, what is wrong with it in words ("medium 2 is 1080×1920 (9:16), outside 4:5 to
    /// 191:100"); nil where the figure and the limit say it.
    public var detail: String?

    public init(channel: String, rule: String?, figure: Int, limit: Int, detail: String? = nil) {
        self.channel = channel
        self.rule = rule
        self.figure = figure
        self.limit = limit
        self.detail = detail
    }

    public var description: String {
        guard let rule else { return "\(channel): not a channel in the channel table" }
        if let detail { return "\(channel): \(detail)" }
        return "\(channel): \(figure) of \(limit) \(rule)"
    }
}
