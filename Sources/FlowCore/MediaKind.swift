/// The types of media a revision may hold, decided from a file's magic bytes alone (`MediaSniffer`), never from
/// its name or a header a client sent.
public enum MediaKind: String, Sendable, Codable, CaseIterable {
    case jpeg, png, webp, gif, mp4

    /// The `Content-Type` the file is served with.
    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .gif: "image/gif"
        case .mp4: "video/mp4"
        }
    }

    /// How a refusal names the type.
    var name: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .webp: "WebP"
        case .gif: "GIF"
        case .mp4: "MP4"
        }
    }
}
