/// Feeds an upload, chunk by chunk as it arrives, through a `MediaWalker`: buffers only what a `.read` asks for,
/// counts skipped bytes past, and scans the first `headLength` bytes and any trailer for markup. Linear in the
/// input, and its memory is bounded by the largest read, not by the file.
struct WalkDriver: Sendable {
    /// How much of the start of every file is scanned for markup, as a browser sniffing it would read.
    static let headLength: UInt64 = 1024

    private var walker: any MediaWalker
    private var step: WalkStep
    private var buffer: [UInt8] = []
    /// Bytes taken so far, those buffered for a read included.
    private(set) var taken: UInt64 = 0
    private var head = MarkupScanner()
    private var trailer = MarkupScanner()

    init(_ walker: any MediaWalker) {
        self.walker = walker
        step = walker.firstStep
    }

    mutating func feed(_ chunk: ArraySlice<UInt8>) throws(MediaRefusal) {
        if taken < Self.headLength, let token = head.feed(chunk.prefix(Int(Self.headLength - taken))) {
            throw MediaRefusal("the file also reads as markup (\(token) in its first \(Self.headLength) bytes)")
        }
        var rest = chunk
        while !rest.isEmpty {
            switch step {
            case .read(let count):
                let wanted = count - buffer.count
                if buffer.isEmpty && rest.count >= count {
                    taken += UInt64(count)
                    step = try walker.next(rest.prefix(count), at: taken - UInt64(count))
                } else {
                    buffer.append(contentsOf: rest.prefix(wanted))
                    taken += UInt64(min(wanted, rest.count))
                    if buffer.count == count {
                        let bytes = buffer
                        buffer.removeAll(keepingCapacity: true)
                        step = try walker.next(bytes[...], at: taken - UInt64(count))
                    }
                }
                rest = rest.dropFirst(wanted)
            case .skip(let count):
                let passed = Int(min(count, UInt64(rest.count)))
                rest = rest.dropFirst(passed)
                taken += UInt64(passed)
                step = .skip(count - UInt64(passed))
            case .look(let most):
                let (used, next) = try walker.look(rest.prefix(most), at: taken)
                precondition(used >= 1, "a look must use a byte")
                rest = rest.dropFirst(used)
                taken += UInt64(used)
                step = next
            case .trailer:
                if let token = trailer.feed(rest) {
                    throw MediaRefusal("the bytes after the end of the image hold markup (\(token))")
                }
                taken += UInt64(rest.count)
                rest = []
            case .toEnd:
                taken += UInt64(rest.count)
                rest = []
            }
            try settle()
        }
    }

    /// How many of the next bytes the walk passes without looking at them: the rest of a skipped box or segment, or
    /// all that is left, once the start has been scanned for markup.
    var unseen: UInt64 {
        guard taken >= Self.headLength else { return 0 }
        switch step {
        case .skip(let count): return count
        case .toEnd: return .max
        case .read, .look, .trailer: return 0
        }
    }

    /// Takes `count` bytes, at most `unseen`, without them.
    mutating func pass(_ count: UInt64) throws(MediaRefusal) {
        precondition(count <= unseen, "only bytes the walk does not look at pass unseen")
        taken += count
        if case .skip(let left) = step {
            step = .skip(left - count)
            try settle()
        }
    }

    /// Steps that need no bytes are taken at once: a skip or read of nothing.
    private mutating func settle() throws(MediaRefusal) {
        while step == .skip(0) || step == .read(0) {
            step = try walker.next([], at: taken)
        }
    }

    func finish() throws(MediaRefusal) -> MediaFacts {
        let midStep: Bool
        switch step {
        case .read: midStep = !buffer.isEmpty
        case .skip(let count): midStep = count > 0
        case .look, .trailer, .toEnd: midStep = false
        }
        return try walker.finish(size: taken, midStep: midStep)
    }
}
