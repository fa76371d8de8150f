/// Walks a WebP's RIFF chunks to the end its RIFF header states: the first chunk (VP8, VP8L or VP8X) for the pixel
/// size, the rest skipped by their padded lengths, each checked to fit in the RIFF. At most `maxChunks` chunks.
struct WebPWalker: MediaWalker {
    static let maxChunks = 100_000

    private enum State: Sendable {
        case riff, header, first(type: String, rest: UInt64), skipped, done
    }

    private var state = State.riff
    private var end: UInt64 = 0
    private var chunks = 0
    private var size: (width: Int, height: Int)?
    private var extended = false
    private var sawImage = false

    var firstStep: WalkStep { .read(12) }

    mutating func next(_ bytes: ArraySlice<UInt8>, at offset: UInt64) throws(MediaRefusal) -> WalkStep {
        switch state {
        case .riff:
            end = 8 + (bytes.littleEndian(4, 4) ?? 0)
            guard end >= 20 else { throw MediaRefusal("malformed WebP: a RIFF size of \(end - 8)") }
            state = .header
            return .read(8)
        case .header:
            return try header(bytes, at: offset)
        case .first(let type, let rest):
            size = try Self.size(type, bytes)
            extended = type == "VP8X"
            sawImage = !extended
            state = .skipped
            return .skip(rest)
        case .skipped:
            return boundary(at: offset)
        case .done:
            throw MediaRefusal("malformed WebP: data after the end at byte \(offset)")
        }
    }

    /// Past a chunk: the next one, or the end of the RIFF.
    private mutating func boundary(at offset: UInt64) -> WalkStep {
        if offset == end {
            state = .done
            return .trailer
        }
        state = .header
        return .read(8)
    }

    private mutating func header(_ bytes: ArraySlice<UInt8>, at offset: UInt64) throws(MediaRefusal) -> WalkStep {
        chunks += 1
        guard chunks <= Self.maxChunks else { throw MediaRefusal("malformed WebP: more than \(Self.maxChunks) chunks") }
        let type = bytes.fourCC(0)
        let length = bytes.littleEndian(4, 4) ?? 0
        let padded = length + length % 2
        guard offset + 8 <= end, padded <= end - offset - 8 else {
            throw MediaRefusal("malformed WebP: a \(type) chunk of \(length) bytes past the RIFF's end")
        }
        if ["VP8 ", "VP8L", "ANMF"].contains(type) { sawImage = true }
        if size == nil {
            let wanted: UInt64 =
                switch type {
                case "VP8 ", "VP8X": 10
                case "VP8L": 5
                default: throw MediaRefusal("malformed WebP: the first chunk is \(type), not VP8, VP8L or VP8X")
                }
            guard length >= wanted else { throw MediaRefusal("malformed WebP: a \(type) chunk of \(length) bytes") }
            state = .first(type: type, rest: padded - wanted)
            return .read(Int(wanted))
        }
        state = .skipped
        return .skip(padded)
    }

    private static func size(_ type: String, _ bytes: ArraySlice<UInt8>) throws(MediaRefusal) -> (Int, Int) {
        let width: UInt64
        let height: UInt64
        switch type {
        case "VP8 ":
            guard bytes.dropFirst(3).starts(with: [0x9D, 0x01, 0x2A]) else {
                throw MediaRefusal("malformed WebP: no VP8 start code")
            }
            width = (bytes.littleEndian(6, 2) ?? 0) & 0x3FFF
            height = (bytes.littleEndian(8, 2) ?? 0) & 0x3FFF
        case "VP8L":
            guard bytes.first == 0x2F, let bits = bytes.littleEndian(1, 4) else {
                throw MediaRefusal("malformed WebP: no VP8L signature")
            }
            width = (bits & 0x3FFF) + 1
            height = ((bits >> 14) & 0x3FFF) + 1
        default:
            width = (bytes.littleEndian(4, 3) ?? 0) + 1
            height = (bytes.littleEndian(7, 3) ?? 0) + 1
        }
        guard width > 0, height > 0, max(width, height) <= UInt64(MediaFacts.maxSide) else {
            throw MediaRefusal("WebP of \(width)×\(height) pixels")
        }
        return (Int(width), Int(height))
    }

    func finish(size fileSize: UInt64, midStep: Bool) throws(MediaRefusal) -> MediaFacts {
        guard case .done = state, let size else {
            throw MediaRefusal("truncated WebP: \(fileSize) of \(end) bytes")
        }
        guard sawImage else { throw MediaRefusal("malformed WebP: no image data") }
        return MediaFacts(kind: .webp, width: size.0, height: size.1, byteCount: fileSize)
    }
}
