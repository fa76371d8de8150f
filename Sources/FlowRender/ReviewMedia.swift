import FlowCore

/// A picture or video as the review page shows it: inline at its own size, with its alt text under it.
public struct ShownMedium: Sendable, Equatable {
    /// 1-based, as the medium's address counts (`<link>/media/<position>`).
    public var position: Int
    public var isVideo: Bool
    public var width: Int
    public var height: Int
    public var alt: String
    public var hasAlt: Bool
    /// Where the page fetches it; empty until `ReviewPage.linkMedia(under:)` gives the page's address for media.
    public var src = ""
    /// Whether `src` is set: a page without an address for media shows the alt texts alone.
    public var linked = false
}

/// A channel's feed as the review page previews it (`FeedPreview`): the first medium cropped to the feed's frame,
/// the text as far as the feed shows it, and the channel's count.
public struct ShownFeed: Sendable, Equatable {
    public var channel: String
    public var name: String
    /// "120 of 280 characters", or "120 characters" for a channel without a limit.
    public var count: String
    public var over: Bool
    public var picture: ShownMedium?
    /// The stylesheet class that gives the frame its ratio (`ReviewPage.frameStyle` defines it).
    public var frameClass: String
    public var shown: String
    /// "…more" where the feed cuts the text; nil when it shows it whole.
    public var more: String?
}

extension ReviewPage {
    /// The draft's media, then one preview per channel, in the reader's language.
    static func media(of draft: Draft, directory: Directory, text: PageText) -> (
        media: [ShownMedium], feeds: [ShownFeed], style: String?
    ) {
        let media = draft.content.media.enumerated().map { index, medium in
            ShownMedium(
                position: index + 1, isVideo: medium.isVideo, width: medium.width, height: medium.height,
                alt: medium.alt, hasAlt: !medium.alt.isEmpty)
        }
        let counts = ChannelCheck.counts(draft.content, rules: directory.channels)
        var ratios: [AspectRatio] = []
        let feeds = zip(FeedPreview.of(draft.content, rules: directory.channels), counts).map { preview, count in
            let frame = preview.frame ?? AspectRatio(1, 1)
            if !ratios.contains(where: { $0.width == frame.width && $0.height == frame.height }) {
                ratios.append(frame)
            }
            let counted = count.limit.map { "\(count.length) \(text.of) \($0) \(text.characters)" }
            return ShownFeed(
                channel: preview.channel, name: preview.name,
                count: counted ?? "\(count.length) \(text.characters)",
                over: count.limit.map { count.length > $0 } ?? false,
                picture: media.first, frameClass: frameClass(frame), shown: String(preview.text),
                more: preview.isCut ? text.more : nil)
        }
        guard !media.isEmpty else { return (media, feeds, nil) }
        return (media, feeds, ratios.map { "." + frameClass($0) + "{aspect-ratio:\($0.width)/\($0.height)}" }.joined())
    }

    /// Class names from whole numbers only, so the generated stylesheet holds nothing a user wrote.
    static func frameClass(_ ratio: AspectRatio) -> String { "ratio-\(ratio.width)-\(ratio.height)" }

    /// Gives every medium on the page its address: `base` followed by its position (a review link's
    /// `<token>/media/`).
    public mutating func linkMedia(under base: String) {
        for index in media.indices {
            media[index].src = base + "\(media[index].position)"
            media[index].linked = true
        }
        for index in feeds.indices where feeds[index].picture != nil {
            feeds[index].picture?.src = base + "1"
            feeds[index].picture?.linked = true
        }
    }
}
