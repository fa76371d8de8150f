/// Metadata in an image that can tell where it was taken, as `MediaSniffer` found it (the headers only).
public struct LocationMetadata: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// EXIF whose first directory points at a GPS directory (a JPEG APP1 segment or a PNG eXIf chunk), or EXIF
    /// too malformed to tell, which counts as having one.
    public static let exifGPS = LocationMetadata(rawValue: 1 << 0)
    /// An XMP packet (a JPEG APP1 segment, a PNG text chunk with the XMP keyword), which may hold a location.
    public static let xmp = LocationMetadata(rawValue: 1 << 1)
    /// A PNG eXIf chunk, which is dropped whether or not it names a place.
    public static let exif = LocationMetadata(rawValue: 1 << 2)
}
