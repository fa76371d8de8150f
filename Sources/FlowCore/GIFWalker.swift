/// Walks a GIF's blocks from the header to the trailer: the logical screen descriptor for the pixel size, colour
/// tables skipped by the size their flags give, image and extension data skipped sub-block by sub-block, comment
/// sub-blocks read to scan them for markup. At most `maxBlocks` images and extensions.
struct GIFWalker: MediaWalker {
    static let maxBlocks = 100_000

    private enum State: Sendable {
        case screen, afterTable, block, label, descriptor, codeSize, subBlock(comment: Bool), data(comment: Bool)
        case done
    }

    private var state = State.screen
    private var blocks = 0
    private var size = (width: 0, height: 0)
    private var images = 0

    var firstStep: WalkStep { .read(13) }

    mutating func next(_ bytes: ArraySlice<UInt8>, at offset: UInt64) throws(MediaRefusal) -> WalkStep {
        switch state {
        case .screen:
            let width = Int(bytes.littleEndian(6, 2) ?? 0)
            let height = Int(bytes.littleEndian(8, 2) ?? 0)
            guard width > 0, height > 0 else { throw MediaRefusal("GIF of \(width)×\(height) pixels") }
            size = (width, height)
            state = .afterTable
            return .skip(Self.colourTable(bytes.byte(10) ?? 0))
        case .afterTable:
            state = .block
            return .read(1)
        case .block:
            return try block(bytes.first ?? 0, at: offset)
        case .descriptor:
            state = .codeSize
            return .skip(Self.colourTable(bytes.byte(8) ?? 0) + 1)
        case .codeSize:
            state = .subBlock(comment: false)
            return .read(1)
        case .label:
            state = .subBlock(comment: bytes.first == 0xFE)
            return .read(1)
        case .subBlock(let comment):
            let length = Int(bytes.first ?? 0)
            if length == 0 {
                state = .block
                return .read(1)
            }
            state = .data(comment: comment)
            return comment ? .read(length) : .skip(UInt64(length))
        case .data(let comment):
            if comment, let token = MarkupScanner.find(in: bytes) {
                throw MediaRefusal("a GIF comment holds markup (\(token)) at byte \(offset)")
            }
            state = .subBlock(comment: comment)
            return .read(1)
        case .done:
            throw MediaRefusal("malformed GIF: data after the trailer at byte \(offset)")
        }
    }

    /// Called in state `.block` with the block's introducer.
    private mutating func block(_ introducer: UInt8, at offset: UInt64) throws(MediaRefusal) -> WalkStep {
        blocks += 1
        guard blocks <= Self.maxBlocks else { throw MediaRefusal("malformed GIF: more than \(Self.maxBlocks) blocks") }
        switch introducer {
        case 0x21:
            state = .label
            return .read(1)
        case 0x2C:
            images += 1
            state = .descriptor
            return .read(9)
        case 0x3B:
            guard images > 0 else { throw MediaRefusal("malformed GIF: no image before the trailer") }
            state = .done
            return .trailer
        default:
            throw MediaRefusal("malformed GIF: an unknown block 0x\(String(introducer, radix: 16)) at byte \(offset)")
        }
    }

    /// The bytes of the colour table a packed field's flag and size announce.
    private static func colourTable(_ packed: UInt8) -> UInt64 {
        packed & 0x80 == 0 ? 0 : 3 << (UInt64(packed & 0x07) + 1)
    }

    func finish(size fileSize: UInt64, midStep: Bool) throws(MediaRefusal) -> MediaFacts {
        guard case .done = state else { throw MediaRefusal("truncated GIF: no trailer") }
        return MediaFacts(kind: .gif, width: size.width, height: size.height, byteCount: fileSize)
    }
}
