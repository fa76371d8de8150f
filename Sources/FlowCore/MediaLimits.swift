/// How much a draft may carry (`[media]` in config): the largest picture and video taken, and how many media one
/// revision holds. An upload past its type's size is refused as the bytes arrive, before the file is kept.
public struct MediaLimits: Sendable, Equatable {
    /// JPEG, PNG, WebP and GIF.
    public var maxImageBytes: UInt64
    public var maxVideoBytes: UInt64
    public var maxItems: Int

    public init(
        maxImageBytes: UInt64 = 20 * 1024 * 1024, maxVideoBytes: UInt64 = 500 * 1024 * 1024, maxItems: Int = 20
    ) {
        self.maxImageBytes = maxImageBytes
        self.maxVideoBytes = maxVideoBytes
        self.maxItems = maxItems
    }

    /// The largest file of this type taken.
    public func maxBytes(for kind: MediaKind) -> UInt64 {
        kind == .mp4 ? maxVideoBytes : maxImageBytes
    }

    /// The largest file of any type: what an upload may reach before its type is known.
    public var maxAnyBytes: UInt64 { max(maxImageBytes, maxVideoBytes) }

    /// The refusal of a file of `kind` that past its limit.
    public func tooLarge(_ kind: MediaKind) -> MediaRefusal {
        MediaRefusal(
            "the \(kind.name) file is larger than \(Self.words(maxBytes(for: kind))), the limit for "
                + (kind == .mp4 ? "a video" : "a picture"))
    }

    /// A size as people read it: "20 MB", "500 MB", "512 KB".
    static func words(_ bytes: UInt64) -> String {
        if bytes >= 1024 * 1024, bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MB" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KB" }
        return "\(bytes) bytes"
    }
}
