/// What a format's walker wants of the stream next. Every step takes at least one byte or ends the walk, so a walk
/// over n bytes makes at most n steps.
enum WalkStep: Sendable, Equatable {
    /// The next n bytes, handed over at once (n is bounded by the walker: a header, a segment of at most 64 KiB).
    case read(Int)
    /// The next n bytes, not looked at (image data, a box the walker does not need).
    case skip(UInt64)
    /// Whatever of the next bytes is at hand, at most n and at least one; the walker says how many it used (a JPEG
    /// scan, whose end is found by looking for the next marker).
    case look(Int)
    /// Everything to the end of the file, scanned for markup: what follows a format's end marker.
    case trailer
    /// Everything to the end of the file, not looked at: an MP4 box whose size is 0.
    case toEnd
}

/// One format's header parser as a state machine over a stream: `WalkDriver` hands it the bytes each step asks
/// for and asks it for the facts when the stream ends.
protocol MediaWalker: Sendable {
    /// The step the walk begins with.
    var firstStep: WalkStep { get }

    /// The bytes a `.read` asked for (empty after a `.skip`), and the file offset of the first.
    mutating func next(_ bytes: ArraySlice<UInt8>, at offset: UInt64) throws(MediaRefusal) -> WalkStep

    /// The bytes at hand for a `.look`; how many were used (at least one) and what next.
    mutating func look(_ bytes: ArraySlice<UInt8>, at offset: UInt64) throws(MediaRefusal) -> (
        used: Int, next: WalkStep
    )

    /// The stream ended, `size` bytes long; `midStep` when it ended inside a read or a skip.
    func finish(size: UInt64, midStep: Bool) throws(MediaRefusal) -> MediaFacts
}

extension MediaWalker {
    mutating func look(_ bytes: ArraySlice<UInt8>, at offset: UInt64) throws(MediaRefusal) -> (
        used: Int, next: WalkStep
    ) {
        (bytes.count, try next(bytes, at: offset))
    }
}
