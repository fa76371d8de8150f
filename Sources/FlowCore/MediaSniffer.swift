/// Decides what an upload is while it streams in, before it is kept: the type from its magic bytes (JPEG, PNG,
/// WebP, GIF, MP4 with H.264 and AAC; anything else refused with what it looks like), the pixel size and a video's
/// duration from the container headers, and where its location metadata lies. No image data is decoded.
///
/// Feed it the upload in chunks of any size (`feed`), then `finish`. It holds only the header it is reading (at
/// most 64 KiB), never the file, and takes time linear in the file: each format's walker (`JPEGWalker`,
/// `PNGWalker`, `WebPWalker`, `GIFWalker`, `MP4Walker`) caps the segments, chunks or boxes it walks and checks
/// every length against what encloses it. `feed` throws as soon as the file is refused, so the upload can stop.
///
/// Polyglots: a file is refused if a browser could take it for markup. The rule: none of the tokens
/// `<html`, `<script`, `<svg`, `<!doctype`, `<?xml`, `<body`, `<iframe` (ASCII case-insensitive) may occur in the
/// first 1024 bytes, in a JPEG comment or APPn segment, in a PNG text chunk (tEXt, zTXt, iTXt), in a GIF comment
/// sub-block, or in any byte after the format's end marker (JPEG EOI, PNG IEND, GIF trailer, WebP's RIFF size).
public struct MediaSniffer: Sendable {
    /// Enough of the start of a file to tell its type.
    static let signatureLength = 12

    private var head: [UInt8] = []
    private var driver: WalkDriver?
    private var refused: MediaRefusal?
    /// The type, once the first bytes have told it (a size limit per type can be applied while the rest streams).
    public private(set) var kind: MediaKind?

    public init() {}

    /// The whole file at once.
    public static func sniff(_ bytes: [UInt8]) -> Result<MediaFacts, MediaRefusal> {
        var sniffer = MediaSniffer()
        return Result { () throws(MediaRefusal) in
            try sniffer.feed(bytes[...])
            return try sniffer.finish()
        }
    }

    /// The next chunk of the upload. Throws once the file is refused, and again on every later call.
    public mutating func feed(_ chunk: ArraySlice<UInt8>) throws(MediaRefusal) {
        if let refused { throw refused }
        do throws(MediaRefusal) {
            if driver != nil { return try feedDriver(chunk) }
            let needed = Self.signatureLength - head.count
            head.append(contentsOf: chunk.prefix(needed))
            guard head.count == Self.signatureLength else { return }
            try start(head[...])
            try feedDriver(chunk.dropFirst(needed))
        } catch {
            refused = error
            throw error
        }
    }

    /// The next chunk, read where it lies: the bytes the walk passes without looking at them (most of a video) are
    /// counted and never copied; the rest is fed as `feed` takes it, a piece at a time.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(MediaRefusal) {
        var rest = chunk[...]
        while !rest.isEmpty {
            if refused == nil, var driver, driver.unseen > 0 {
                let count = Int(min(driver.unseen, UInt64(rest.count)))
                do throws(MediaRefusal) {
                    try driver.pass(UInt64(count))
                } catch {
                    refused = error
                    throw error
                }
                self.driver = driver
                rest = rest.dropFirst(count)
                continue
            }
            let piece = rest.prefix(Self.pieceLength)
            try feed(Array(piece)[...])
            rest = rest.dropFirst(piece.count)
        }
    }

    /// How much of a chunk that the walk looks at is copied at once, so that a skip it reaches within the piece
    /// lets the rest pass unseen.
    static let pieceLength = 64 * 1024

    private mutating func feedDriver(_ chunk: ArraySlice<UInt8>) throws(MediaRefusal) {
        guard var driver, !chunk.isEmpty else { return }
        self.driver = nil
        try driver.feed(chunk)
        self.driver = driver
    }

    /// The stream ended: the facts, or why the file is refused.
    public mutating func finish() throws(MediaRefusal) -> MediaFacts {
        if let refused { throw refused }
        guard let driver else {
            throw Self.unknownType(head[...], complete: true)
        }
        return try driver.finish()
    }

    private mutating func start(_ signature: ArraySlice<UInt8>) throws(MediaRefusal) {
        guard let kind = Self.kind(of: signature) else { throw Self.unknownType(signature, complete: false) }
        self.kind = kind
        let walker: any MediaWalker =
            switch kind {
            case .jpeg: JPEGWalker()
            case .png: PNGWalker()
            case .webp: WebPWalker()
            case .gif: GIFWalker()
            case .mp4: MP4Walker()
            }
        var driver = WalkDriver(walker)
        try driver.feed(signature)
        self.driver = driver
    }

    /// The type the first bytes announce, if one flowd takes.
    static func kind(of bytes: ArraySlice<UInt8>) -> MediaKind? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: PNGWalker.signature) { return .png }
        if bytes.hasPrefix("GIF87a") || bytes.hasPrefix("GIF89a") { return .gif }
        if bytes.hasPrefix("RIFF") && bytes.dropFirst(8).hasPrefix("WEBP") { return .webp }
        if bytes.dropFirst(4).hasPrefix("ftyp") { return .mp4 }
        return nil
    }

    /// Why a file of no type flowd takes is refused, naming what it looks like. `complete` when these are all the
    /// bytes there are (a file shorter than a signature).
    static func unknownType(_ bytes: ArraySlice<UInt8>, complete: Bool) -> MediaRefusal {
        if bytes.isEmpty { return MediaRefusal("the file is empty") }
        if complete, let kind = MediaKind.allCases.first(where: { startsLike($0, bytes) }) {
            return MediaRefusal("truncated \(kind.name): \(bytes.count) bytes")
        }
        return MediaRefusal(
            "not an image or video flowd takes (JPEG, PNG, WebP, GIF, MP4 with H.264 and AAC): "
                + "the file looks like \(lookalike(bytes))")
    }

    private static func startsLike(_ kind: MediaKind, _ bytes: ArraySlice<UInt8>) -> Bool {
        let signatures: [[UInt8]] =
            switch kind {
            case .jpeg: [[0xFF, 0xD8, 0xFF]]
            case .png: [PNGWalker.signature]
            case .gif: [Array("GIF87a".utf8), Array("GIF89a".utf8)]
            case .webp: [Array("RIFF".utf8)]
            case .mp4: []
            }
        return signatures.contains { $0.starts(with: bytes.prefix($0.count)) }
    }

    private static func lookalike(_ bytes: ArraySlice<UInt8>) -> String {
        let text = bytes.drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        if text.hasPrefix("%PDF") { return "a PDF" }
        if text.first == UInt8(ascii: "<") { return "markup (SVG, HTML or XML)" }
        if bytes.hasPrefix("RIFF") { return "a RIFF file that is not WebP (AVI, WAV)" }
        if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return "WebM or Matroska" }
        if bytes.hasPrefix("GIF8") { return "a GIF of no known version" }
        if bytes.hasPrefix("II*\0") || bytes.hasPrefix("MM\0*") { return "a TIFF" }
        if bytes.hasPrefix("BM") { return "a BMP" }
        if bytes.allSatisfy({ $0 >= 0x20 || [0x09, 0x0A, 0x0D].contains($0) }) { return "text" }
        return "none of them"
    }
}
