/// What an upload is, read from its headers by `MediaSniffer`: the type, the pixel size (as shown: a video turned
/// a quarter by its track matrix reports the turned size), the duration of a video, and where its location
/// metadata lies.
public struct MediaFacts: Sendable, Equatable {
    public var kind: MediaKind
    public var width: Int
    public var height: Int
    /// A video's length from `mvhd`, to the millisecond; nil for images.
    public var duration: Duration?
    public var byteCount: UInt64
    public var location: LocationMetadata
    /// The byte ranges, ascending and disjoint, that hold `location`: whole JPEG segments and PNG chunks, so the
    /// file without them is still well formed. Empty for WebP, GIF and MP4.
    public var locationRanges: [Range<UInt64>]

    public init(
        kind: MediaKind, width: Int, height: Int, duration: Duration? = nil, byteCount: UInt64,
        location: LocationMetadata = [], locationRanges: [Range<UInt64>] = []
    ) {
        self.kind = kind
        self.width = width
        self.height = height
        self.duration = duration
        self.byteCount = byteCount
        self.location = location
        self.locationRanges = locationRanges
    }

    /// The byte ranges to copy to store the file without its location metadata: everything but
    /// `locationRanges`, in order. The copy is a new file: sniff it again as it is written, since dropping bytes
    /// brings later ones into the first kilobyte, which the polyglot rule reads.
    public var keptRanges: [Range<UInt64>] {
        MediaFacts.ranges(of: byteCount, dropping: locationRanges)
    }

    /// `0..<size` without the ranges in `dropped` (ascending and disjoint, as `locationRanges` are).
    public static func ranges(of size: UInt64, dropping dropped: [Range<UInt64>]) -> [Range<UInt64>] {
        var kept: [Range<UInt64>] = []
        var from: UInt64 = 0
        for range in dropped where range.lowerBound >= from && range.upperBound <= size {
            if range.lowerBound > from { kept.append(from..<range.lowerBound) }
            from = range.upperBound
        }
        if from < size { kept.append(from..<size) }
        return kept
    }

    /// The largest width or height taken, in pixels: past it a picture is a decompression bomb for the browsers
    /// that show it, whatever its byte size.
    public static let maxSide = 65_535
}
