/// What one channel takes, as its own documentation says: the length of a post's text in the channel's unit, how
/// many hashtags, mentions and links, and what media (`MediaRules`). A nil limit is one the channel does not
/// document, and is not checked. `source` names where the figures were read and `read` when; figures that come
/// from elsewhere say so in the table (`ChannelTable`). The review page's preview of the channel's feed reads
/// `displayName`, `feedAspect` and `feedCut` (`FeedPreview`).
public struct ChannelRule: Sendable, Equatable {
    public var channel: String
    public var maxText: Int?
    public var counting: TextCounting
    /// What a link counts where the channel counts every link the same (X and Mastodon: 23).
    public var linkLength: Int?
    /// A limit in UTF-8 bytes besides the one in the channel's unit (Bluesky's record holds at most 3000).
    public var maxTextBytes: Int?
    public var maxHashtags: Int?
    public var maxMentions: Int?
    public var maxLinks: Int?
    public var media: MediaRules
    /// The channel's name as people know it ("LinkedIn"); the channel's key when the table gives none.
    public var displayName: String
    /// The ratios the feed shows a post's single picture at, width:height: a picture outside is cropped to the
    /// nearest end. A range of one ratio crops every picture to it; nil shows each at its own ratio.
    public var feedAspect: ClosedRange<AspectRatio>?
    /// Where the feed cuts the text before "…more", in characters (grapheme clusters); nil when it shows it whole.
    public var feedCut: Int?
    public var source: String
    public var read: String

    public init(
        channel: String, maxText: Int?, counting: TextCounting, linkLength: Int? = nil, maxTextBytes: Int? = nil,
        maxHashtags: Int? = nil, maxMentions: Int? = nil, maxLinks: Int? = nil, media: MediaRules = MediaRules(),
        displayName: String? = nil, feedAspect: ClosedRange<AspectRatio>? = nil, feedCut: Int? = nil,
        source: String, read: String
    ) {
        self.channel = channel
        self.maxText = maxText
        self.counting = counting
        self.linkLength = linkLength
        self.maxTextBytes = maxTextBytes
        self.maxHashtags = maxHashtags
        self.maxMentions = maxMentions
        self.maxLinks = maxLinks
        self.media = media
        self.displayName = displayName ?? channel
        self.feedAspect = feedAspect
        self.feedCut = feedCut
        self.source = source
        self.read = read
    }
}
