/// What media a channel takes on one post. Data until drafts carry media: the check of a revision's media reads
/// these. Types are the names flowd sniffs files as (`jpeg`, `png`, `webp`, `gif`, `mp4`).
public struct MediaRules: Sendable, Equatable {
    /// Images, GIFs and videos together.
    public var maxItems: Int?
    public var maxVideos: Int?
    public var types: [String]
    /// The narrowest and the widest picture or video the feed shows uncropped, as width:height.
    public var aspect: ClosedRange<AspectRatio>?
    public var maxVideoSeconds: Int?

    public init(
        maxItems: Int? = nil, maxVideos: Int? = nil, types: [String] = [], aspect: ClosedRange<AspectRatio>? = nil,
        maxVideoSeconds: Int? = nil
    ) {
        self.maxItems = maxItems
        self.maxVideos = maxVideos
        self.types = types
        self.aspect = aspect
        self.maxVideoSeconds = maxVideoSeconds
    }
}
