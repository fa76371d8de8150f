/// Walks a PNG's chunks from the signature to IEND: IHDR first (its type, length and CRC checked) for the pixel
/// size; text chunks (tEXt, zTXt, iTXt, at most `maxTextChunk` bytes) read to scan them for markup and find XMP;
/// eXIf read to find GPS; everything else skipped by its length. At most `maxChunks` chunks.
struct PNGWalker: MediaWalker {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let maxChunks = 100_000
    static let maxTextChunk = 1 << 20
    private static let textTypes = ["tEXt", "zTXt", "iTXt"]

    private enum State: Sendable {
        case signature, header, body(type: String, at: UInt64), done
    }

    private var state = State.signature
    private var chunks = 0
    private var size: (width: Int, height: Int)?
    private var sawData = false
    private var location: LocationMetadata = []
    private var ranges: [Range<UInt64>] = []

    var firstStep: WalkStep { .read(8) }

    mutating func next(_ bytes: ArraySlice<UInt8>, at offset: UInt64) throws(MediaRefusal) -> WalkStep {
        switch state {
        case .signature:
            guard bytes.elementsEqual(Self.signature) else { throw MediaRefusal("malformed PNG: a bad signature") }
            state = .header
            return .read(8)
        case .header:
            return try header(bytes, at: offset)
        case .body(let type, let at):
            try body(type, bytes, from: at, to: offset + UInt64(bytes.count))
            if type == "IEND" {
                state = .done
                return .trailer
            }
            state = .header
            return .read(8)
        case .done:
            throw MediaRefusal("malformed PNG: data after IEND at byte \(offset)")
        }
    }

    /// A chunk's length and type; what to do with its data and CRC.
    private mutating func header(_ bytes: ArraySlice<UInt8>, at offset: UInt64) throws(MediaRefusal) -> WalkStep {
        chunks += 1
        guard chunks <= Self.maxChunks else { throw MediaRefusal("malformed PNG: more than \(Self.maxChunks) chunks") }
        let length = bytes.bigEndian(0, 4) ?? 0
        let type = bytes.fourCC(4)
        guard length < 1 << 31, bytes.dropFirst(4).allSatisfy({ (97...122).contains($0 | 0x20) }) else {
            throw MediaRefusal("malformed PNG: a bad chunk header at byte \(offset)")
        }
        if size == nil && type != "IHDR" { throw MediaRefusal("malformed PNG: the first chunk is \(type), not IHDR") }
        if size != nil && type == "IHDR" { throw MediaRefusal("malformed PNG: a second IHDR") }
        if type == "IDAT" { sawData = true }
        if type == "IEND" && !sawData { throw MediaRefusal("malformed PNG: no image data before IEND") }
        state = .body(type: type, at: offset)
        let readsBody = ["IHDR", "IEND", "eXIf"].contains(type) || Self.textTypes.contains(type)
        guard readsBody else { return .skip(length + 4) }
        if Self.textTypes.contains(type) || type == "eXIf", length > UInt64(Self.maxTextChunk) {
            throw MediaRefusal("PNG \(type) chunk of \(length) bytes, over \(Self.maxTextChunk)")
        }
        if type == "IEND" && length != 0 { throw MediaRefusal("malformed PNG: an IEND of \(length) bytes") }
        if type == "IHDR" && length != 13 { throw MediaRefusal("malformed PNG: an IHDR of \(length) bytes") }
        return .read(Int(length) + 4)
    }

    /// A chunk read whole (data and CRC), spanning `start..<end` with its header.
    private mutating func body(
        _ type: String, _ bytes: ArraySlice<UInt8>, from start: UInt64, to end: UInt64
    ) throws(MediaRefusal) {
        let data = bytes.dropLast(4)
        switch type {
        case "IHDR":
            let crc = CRC32.checksum(Array(type.utf8)[...] + data)
            guard bytes.bigEndian(13, 4) == UInt64(crc) else {
                throw MediaRefusal("malformed PNG: IHDR's CRC is wrong")
            }
            guard let width = data.bigEndian(0, 4), let height = data.bigEndian(4, 4), width > 0, height > 0,
                max(width, height) <= UInt64(MediaFacts.maxSide)
            else { throw MediaRefusal("PNG of \(data.bigEndian(0, 4) ?? 0)×\(data.bigEndian(4, 4) ?? 0) pixels") }
            size = (Int(width), Int(height))
        case "eXIf":
            location.insert(.exif)
            if ExifReader.hasGPS(tiff: data) { location.insert(.exifGPS) }
            ranges.append(start..<end)
        case "IEND":
            return
        default:
            if let token = MarkupScanner.find(in: data) {
                throw MediaRefusal("a PNG \(type) chunk holds markup (\(token)) at byte \(start)")
            }
            if data.hasPrefix("XML:com.adobe.xmp\0") {
                location.insert(.xmp)
                ranges.append(start..<end)
            }
        }
    }

    func finish(size fileSize: UInt64, midStep: Bool) throws(MediaRefusal) -> MediaFacts {
        guard let size else { throw MediaRefusal("truncated PNG: no IHDR") }
        guard case .done = state else { throw MediaRefusal("truncated PNG: no IEND") }
        return MediaFacts(
            kind: .png, width: size.width, height: size.height, byteCount: fileSize, location: location,
            locationRanges: ranges)
    }
}
