import FlowCore
import Testing

private typealias S = MediaSamples

/// The sniffer's verdict on `bytes` fed where they lie, in pieces of `piece` bytes, as an upload's buffers are.
func sniffInPlace(_ bytes: [UInt8], _ piece: Int) -> Result<MediaFacts, MediaRefusal> {
    var sniffer = MediaSniffer()
    return Result { () throws(MediaRefusal) in
        var index = 0
        while index < bytes.count {
            let end = min(index + piece, bytes.count)
            var refused: MediaRefusal?
            bytes[index..<end].withUnsafeBytes { raw in
                do throws(MediaRefusal) { try sniffer.feed(raw) } catch { refused = error }
            }
            if let refused { throw refused }
            index = end
        }
        return try sniffer.finish()
    }
}

/// Fed where they lie, the bytes a walk passes unseen are counted and never copied: the verdict is the one the whole
/// file gets, whatever the pieces, for files taken and refused alike.
@Suite struct MediaSnifferInPlaceTests {
    /// An MP4 whose media data, skipped unseen, is `payload`.
    static func mp4(payload: [UInt8]) -> [UInt8] { MP4Samples.mp4(mdat: MP4Samples.box("mdat", payload)) }

    static let cases: [(String, [UInt8])] = {
        let large = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var markupEarly = Array(repeating: UInt8(0xAB), count: 4000)
        markupEarly.replaceSubrange(100..<107, with: Array("<script".utf8))
        var markupLate = markupEarly
        markupLate.replaceSubrange(100..<107, with: Array(repeating: 0xAB, count: 7))
        markupLate.replaceSubrange(3000..<3007, with: Array("<script".utf8))
        return MediaSnifferTests.valid + [
            ("mp4 with 300 kB of media data", mp4(payload: large)),
            ("mp4, markup in its first kilobyte", mp4(payload: markupEarly)),
            ("mp4, markup past its first kilobyte", mp4(payload: markupLate)),
            ("mp4 cut inside its media data", Array(mp4(payload: large).dropLast(1000))),
            ("jpeg with markup after its end", S.jpeg() + Array("<html><script>".utf8)),
            ("truncated png", Array(S.png().prefix(40))),
        ]
    }()

    @Test(arguments: [1, 7, 1000, 4096, 65_536, 1 << 20])
    func theVerdictIsTheWholeFilesWhateverThePieces(piece: Int) {
        for (name, bytes) in Self.cases {
            #expect(sniffInPlace(bytes, piece) == MediaSniffer.sniff(bytes), "\(name) in pieces of \(piece)")
        }
    }

    @Test func markupInTheFirstKilobyteIsFoundEvenInsideSkippedData() {
        var payload = Array(repeating: UInt8(0xAB), count: 4000)
        payload.replaceSubrange(100..<107, with: Array("<script".utf8))
        guard case .failure(let refused) = sniffInPlace(Self.mp4(payload: payload), 1 << 20) else {
            Issue.record("a polyglot MP4 is refused")
            return
        }
        #expect(refused.message.contains("<script"))
    }
}
