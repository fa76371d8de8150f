/// How a channel counts the length of a post's text. Each platform counts its own way, and a count in the wrong
/// unit lets a post through that the platform then refuses.
public enum TextCounting: String, Sendable, Equatable, CaseIterable {
    /// X's weighted count (twitter-text, config v3): code points in the ranges of `weightOne` weigh 1, every
    /// other code point 2, an emoji (a whole sequence, with its joiners and modifiers) 2, a link its fixed
    /// length; the text is in Unicode normalization form C first.
    case twitterWeighted = "twitter_weighted"
    /// User-perceived characters (extended grapheme clusters), a link counting its full length (Bluesky).
    case graphemes
    /// Grapheme clusters with a link counted at the rule's link length and a mention of a remote account
    /// (`@name@domain`) counted without its domain (Mastodon).
    case mastodon
    /// Grapheme clusters, an emoji counting as many as its UTF-8 bytes (Threads documents it so).
    case emojiBytes = "emoji_bytes"
    /// UTF-16 code units, which is what a browser's text field counts where a platform does not say.
    case utf16
    /// Unicode scalars (code points).
    case scalars

    /// twitter-text v3's ranges of weight 1; everything else weighs 2 (`defaultWeight` 200 at `scale` 100).
    static let weightOne: [ClosedRange<UInt32>] = [0...4351, 8192...8205, 8208...8223, 8242...8247]
}
