/// One picture or video on a revision, as its stored bytes were sniffed: the content hash covers `sha256` and
/// `alt`, so an approval binds the exact bytes and what the post says about them.
public struct Medium: Codable, Sendable, Equatable {
    /// Lower-case hex SHA-256 of the stored bytes (after location metadata was stripped); the file's name under
    /// the state directory's `media/`.
    public var sha256: String
    public var kind: MediaKind
    public var byteCount: UInt64
    public var width: Int
    public var height: Int
    /// A video's length in milliseconds; nil for images.
    public var durationMS: Int64?
    /// What the picture shows, for people who cannot see it; empty until someone writes it.
    public var alt: String

    public init(
        sha256: String, kind: MediaKind, byteCount: UInt64, width: Int, height: Int, durationMS: Int64? = nil,
        alt: String = ""
    ) {
        self.sha256 = sha256
        self.kind = kind
        self.byteCount = byteCount
        self.width = width
        self.height = height
        self.durationMS = durationMS
        self.alt = alt
    }

    /// The medium as the sniffer saw its stored bytes.
    public init(sha256: String, facts: MediaFacts, alt: String = "") {
        let duration = facts.duration.map { duration in
            let (seconds, attoseconds) = duration.components
            return seconds * 1000 + attoseconds / 1_000_000_000_000_000
        }
        self.init(
            sha256: sha256, kind: facts.kind, byteCount: facts.byteCount, width: facts.width, height: facts.height,
            durationMS: duration, alt: alt)
    }

    public var isVideo: Bool { kind == .mp4 }

    /// The longest alt text taken, in bytes: platforms cap theirs near 1,000 to 1,500 characters.
    public static let maxAltBytes = 1500

    /// Whether `text` names a medium's stored file: 64 lower-case hex digits, nothing else.
    public static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
