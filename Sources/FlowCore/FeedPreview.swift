/// A post as one channel's feed shows it before anyone taps it: the first medium cropped to the frame the feed
/// gives a single picture, and the text cut where the feed cuts it. Built from the channel table's data
/// (`ChannelRule.feedAspect`, `feedCut`, `displayName`), so the review page decides nothing of its own about a
/// channel. Linear in the text: each channel reads at most its cut's worth of it.
public struct FeedPreview: Sendable, Equatable {
    public var channel: String
    /// The channel's name for people.
    public var name: String
    /// The first medium, and the frame (width:height, in lowest terms) the feed shows it in; nil without media.
    public var first: Medium?
    public var frame: AspectRatio?
    /// The text the feed shows, and whether it cut more off ("…more").
    public var text: Substring
    public var isCut: Bool

    public init(channel: String, name: String, first: Medium?, frame: AspectRatio?, text: Substring, isCut: Bool) {
        self.channel = channel
        self.name = name
        self.first = first
        self.frame = frame
        self.text = text
        self.isCut = isCut
    }

    /// One preview per channel of the content, in its order. A channel the table does not know shows the picture
    /// at its own ratio and the text whole.
    public static func of(_ content: Content, rules: ChannelRules) -> [FeedPreview] {
        let first = content.media.first
        return content.channels.map { channel in
            let rule = rules[channel]
            let (text, isCut) = cut(content.body, at: rule?.feedCut)
            return FeedPreview(
                channel: channel, name: rules.displayName(of: channel), first: first,
                frame: first.map { frame(of: $0, within: rule?.feedAspect) }, text: text, isCut: isCut)
        }
    }

    /// The medium's own ratio moved into `range` (to its nearer end), in lowest terms; a medium whose size the
    /// sniffer could not read is shown square.
    public static func frame(of medium: Medium, within range: ClosedRange<AspectRatio>?) -> AspectRatio {
        let own =
            medium.width > 0 && medium.height > 0 ? AspectRatio(medium.width, medium.height) : AspectRatio(1, 1)
        guard let range else { return lowest(own) }
        if own < range.lowerBound { return lowest(range.lowerBound) }
        if range.upperBound < own { return lowest(range.upperBound) }
        return lowest(own)
    }

    /// The first `limit` characters of `text`, without the spaces and line breaks the cut leaves at its end, and
    /// whether anything was cut; the whole text when `limit` is nil.
    public static func cut(_ text: String, at limit: Int?) -> (Substring, Bool) {
        guard let limit, let end = text.index(text.startIndex, offsetBy: max(0, limit), limitedBy: text.endIndex),
            end != text.endIndex
        else { return (text[...], false) }
        var kept = text[..<end]
        while let last = kept.last, last.isWhitespace { kept.removeLast() }
        return (kept, true)
    }

    private static func lowest(_ ratio: AspectRatio) -> AspectRatio {
        var (a, b) = (ratio.width, ratio.height)
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? ratio : AspectRatio(ratio.width / a, ratio.height / a)
    }
}
