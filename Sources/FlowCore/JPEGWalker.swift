/// Walks a JPEG's segments from SOI to EOI: reads the frame header (SOFn) for the pixel size, reads comments and
/// APPn segments (each at most 64 KiB) to scan them for markup and find EXIF with GPS and XMP, skips tables, and
/// passes over entropy-coded data looking only for the next marker. At most `maxSegments` segments.
struct JPEGWalker: MediaWalker {
    static let maxSegments = 4096
    private static let xmpPrefixes = ["http://ns.adobe.com/xap/1.0/\0", "http://ns.adobe.com/xmp/extension/\0"]

    private enum State: Sendable {
        case start, marker, fill, length(code: UInt8, at: UInt64), payload(code: UInt8, at: UInt64)
        case scan(sawFF: Bool), done
    }

    private var state = State.start
    private var segments = 0
    private var size: (width: Int, height: Int)?
    private var scanned = false
    private var location: LocationMetadata = []
    private var ranges: [Range<UInt64>] = []

    var firstStep: WalkStep { .read(2) }

    mutating func next(_ bytes: ArraySlice<UInt8>, at offset: UInt64) throws(MediaRefusal) -> WalkStep {
        switch state {
        case .start:
            guard bytes.starts(with: [0xFF, 0xD8]) else { throw MediaRefusal("malformed JPEG: no start of image") }
            state = .marker
            return .read(2)
        case .marker:
            guard bytes.first == 0xFF, let code = bytes.byte(1) else {
                throw MediaRefusal("malformed JPEG: no marker at byte \(offset)")
            }
            return try marker(code, at: offset)
        case .fill:
            return try marker(bytes.first ?? 0, at: offset - 1)
        case .length(let code, let at):
            let length = Int(bytes.bigEndian(0, 2) ?? 0)
            guard length >= 2 else { throw MediaRefusal("malformed JPEG: segment length \(length) at byte \(at)") }
            state = .payload(code: code, at: at)
            return Self.reads(code) ? .read(length - 2) : .skip(UInt64(length - 2))
        case .payload(let code, let at):
            return try segment(code, bytes, from: at, to: offset + UInt64(bytes.count))
        case .scan, .done:
            throw MediaRefusal("malformed JPEG: unexpected data at byte \(offset)")
        }
    }

    /// Entropy-coded data: everything up to the next marker that is not a stuffed byte or a restart marker.
    mutating func look(_ bytes: ArraySlice<UInt8>, at offset: UInt64) throws(MediaRefusal) -> (
        used: Int, next: WalkStep
    ) {
        guard case .scan(var sawFF) = state else { return (bytes.count, try next(bytes, at: offset)) }
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if sawFF, byte != 0xFF, byte != 0x00, !(0xD0...0xD7).contains(byte) {
                let used = index - bytes.startIndex
                return (used, try marker(byte, at: offset + UInt64(used) - 2))
            }
            sawFF = byte == 0xFF
            if !sawFF { index = bytes[index...].firstIndex(of: 0xFF) ?? bytes.endIndex }
        }
        state = .scan(sawFF: sawFF)
        return (bytes.count, .look(1 << 16))
    }

    /// A marker's code, the FF before it at `at`.
    private mutating func marker(_ code: UInt8, at: UInt64) throws(MediaRefusal) -> WalkStep {
        switch code {
        case 0xFF:
            state = .fill
            return .read(1)
        case 0xD9:
            guard size != nil else { throw MediaRefusal("truncated JPEG: no frame header") }
            guard scanned else { throw MediaRefusal("truncated JPEG: no image data") }
            state = .done
            return .trailer
        case 0xD8: throw MediaRefusal("malformed JPEG: a second start of image at byte \(at)")
        case 0x01, 0xD0...0xD7:
            state = .marker
            return .read(2)
        default:
            segments += 1
            guard segments <= Self.maxSegments else {
                throw MediaRefusal("malformed JPEG: more than \(Self.maxSegments) segments")
            }
            state = .length(code: code, at: at)
            return .read(2)
        }
    }

    /// Frame headers, scan headers, comments and APPn segments are read; tables are skipped.
    private static func reads(_ code: UInt8) -> Bool {
        isFrameHeader(code) || code == 0xDA || code == 0xFE || (0xE0...0xEF).contains(code)
    }

    private static func isFrameHeader(_ code: UInt8) -> Bool {
        (0xC0...0xCF).contains(code) && code != 0xC4 && code != 0xC8 && code != 0xCC
    }

    /// A whole segment's payload, the segment (marker included) spanning `start..<end`.
    private mutating func segment(
        _ code: UInt8, _ payload: ArraySlice<UInt8>, from start: UInt64, to end: UInt64
    ) throws(MediaRefusal) -> WalkStep {
        state = .marker
        if Self.isFrameHeader(code) {
            guard size == nil else { throw MediaRefusal("malformed JPEG: two frame headers") }
            guard let height = payload.bigEndian(1, 2), let width = payload.bigEndian(3, 2) else {
                throw MediaRefusal("malformed JPEG: a frame header of \(payload.count) bytes")
            }
            guard width > 0, height > 0 else {
                throw MediaRefusal("JPEG of \(width)×\(height) pixels: the height is given later (DNL), not taken")
            }
            size = (Int(width), Int(height))
        } else if code == 0xDA {
            guard size != nil else { throw MediaRefusal("truncated JPEG: no frame header") }
            scanned = true
            state = .scan(sawFF: false)
            return .look(1 << 16)
        } else if Self.reads(code) {
            if let token = MarkupScanner.find(in: payload) {
                throw MediaRefusal("a JPEG comment or APPn segment holds markup (\(token)) at byte \(start)")
            }
            if code == 0xE1 { metadata(payload, from: start, to: end) }
        }
        return .read(2)
    }

    private mutating func metadata(_ payload: ArraySlice<UInt8>, from start: UInt64, to end: UInt64) {
        if payload.hasPrefix("Exif\0\0") {
            guard ExifReader.hasGPS(tiff: payload.dropFirst(6)) else { return }
            location.insert(.exifGPS)
        } else if Self.xmpPrefixes.contains(where: payload.hasPrefix) {
            location.insert(.xmp)
        } else {
            return
        }
        ranges.append(start..<end)
    }

    func finish(size fileSize: UInt64, midStep: Bool) throws(MediaRefusal) -> MediaFacts {
        guard case .done = state else {
            if size == nil { throw MediaRefusal("truncated JPEG: no frame header") }
            throw MediaRefusal(scanned ? "truncated JPEG: no end of image" : "truncated JPEG: no image data")
        }
        let (width, height) = size ?? (0, 0)
        return MediaFacts(
            kind: .jpeg, width: width, height: height, byteCount: fileSize, location: location, locationRanges: ranges)
    }
}
