import FlowCore
import Testing

private typealias S = MediaSamples

/// The sniffer's verdict on `bytes` fed in pieces of `piece` bytes.
func sniffInPieces(_ bytes: [UInt8], _ piece: Int) -> Result<MediaFacts, MediaRefusal> {
    var sniffer = MediaSniffer()
    return Result { () throws(MediaRefusal) in
        var index = 0
        while index < bytes.count {
            try sniffer.feed(bytes[index..<min(index + piece, bytes.count)])
            index += piece
        }
        return try sniffer.finish()
    }
}

func refusal(of bytes: [UInt8]) -> String? {
    if case .failure(let refused) = MediaSniffer.sniff(bytes) { return refused.message }
    return nil
}

func facts(of bytes: [UInt8]) throws -> MediaFacts { try MediaSniffer.sniff(bytes).get() }

@Suite struct MediaSnifferTests {
    static let valid: [(String, [UInt8])] = [
        ("jpeg", S.jpeg()), ("png", S.png()), ("gif", S.gif()), ("webp-lossy", S.webpLossy(width: 320, height: 240)),
        ("webp-lossless", S.webpLossless(width: 1000, height: 5)),
        ("webp-extended", S.webpExtended(width: 4000, height: 3000)),
        ("mp4", MP4Samples.mp4()), ("mp4-moov-last", MP4Samples.mp4(moovFirst: false)),
    ]

    @Test func eachTypeAndSizeIsReadFromItsHeader() throws {
        let expected: [String: (MediaKind, Int, Int)] = [
            "jpeg": (.jpeg, 640, 480), "png": (.png, 300, 200), "gif": (.gif, 17, 9),
            "webp-lossy": (.webp, 320, 240), "webp-lossless": (.webp, 1000, 5), "webp-extended": (.webp, 4000, 3000),
            "mp4": (.mp4, 1920, 1080), "mp4-moov-last": (.mp4, 1920, 1080),
        ]
        for (name, bytes) in Self.valid {
            let read = try facts(of: bytes)
            let (kind, width, height) = try #require(expected[name])
            #expect(read.kind == kind, "\(name)")
            #expect(read.width == width && read.height == height, "\(name): \(read.width)×\(read.height)")
            #expect(read.byteCount == UInt64(bytes.count), "\(name)")
            #expect((read.duration != nil) == (kind == .mp4), "\(name)")
        }
        #expect(try facts(of: S.jpeg(width: 65_535, height: 1)).width == 65_535)
    }

    @Test(arguments: [1, 2, 3, 7, 64, 1 << 16]) func piecesOfAnySizeGiveTheSameFacts(piece: Int) throws {
        for (name, bytes) in Self.valid {
            #expect(try sniffInPieces(bytes, piece).get() == facts(of: bytes), "\(name) in pieces of \(piece)")
        }
    }

    /// Cut anywhere before its end, no file is taken: each is refused with a reason, and nothing crashes.
    @Test func everyStrictPrefixIsRefused() throws {
        for (name, bytes) in Self.valid {
            for length in 0..<bytes.count {
                let prefix = Array(bytes[..<length])
                #expect(refusal(of: prefix) != nil, "\(name) cut to \(length) of \(bytes.count) bytes was taken")
                if case .success = sniffInPieces(prefix, 5) { Issue.record("\(name) cut to \(length), in pieces") }
            }
        }
    }

    @Test func truncationsNameWhatIsMissing() throws {
        let jpeg = S.jpeg()
        let sof = jpeg.indices.first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 }!
        #expect(refusal(of: Array(jpeg[..<sof])) == "truncated JPEG: no frame header")
        #expect(refusal(of: Array(jpeg.dropLast(2))) == "truncated JPEG: no end of image")
        #expect(refusal(of: Array(S.png().dropLast(12))) == "truncated PNG: no IEND")
        #expect(refusal(of: Array(S.gif().dropLast())) == "truncated GIF: no trailer")
        #expect(refusal(of: [0xFF, 0xD8]) == "truncated JPEG: 2 bytes")
        #expect(refusal(of: Array(MP4Samples.mp4().dropLast(1)))?.hasPrefix("truncated MP4") == true)
        #expect(refusal(of: []) == "the file is empty")
    }

    @Test func otherTypesAreRefusedSayingWhatTheyLookLike() throws {
        let cases: [(String, String)] = [
            ("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "markup"),
            ("\u{FEFF}  <!DOCTYPE html><html><body>hi</body></html>", "markup"),
            ("<?xml version=\"1.0\"?><svg/>", "markup"),
            ("%PDF-1.7\n%âãÏÓ\n1 0 obj", "PDF"),
            ("just some text, long enough", "text"),
            ("RIFF\u{24}\u{0}\u{0}\u{0}WAVEfmt ", "not WebP"),
            ("BM\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}", "BMP"),
        ]
        for (text, words) in cases {
            let message = refusal(of: S.ascii(text)) ?? ""
            #expect(message.hasPrefix("not an image or video flowd takes") && message.contains(words), "\(message)")
        }
        let heic = MP4Samples.ftyp("heic", ["mif1", "heic"]) + MP4Samples.box("meta", [0, 0, 0, 0])
        #expect(refusal(of: heic) == "a HEIC or AVIF image (brand heic) is not taken")
        #expect(refusal(of: MP4Samples.mp4(ftyp: MP4Samples.ftyp("qt  ", ["qt  "])))?.contains("QuickTime") == true)
        #expect(
            refusal(of: MP4Samples.mp4(ftyp: MP4Samples.ftyp("3gp4", ["3gp4"])))
                == "an ISO media file of brand 3gp4, not MP4")
    }

    @Test func theRefusalIsAnInvalidRequest() throws {
        #expect(MediaRefusal("truncated PNG: no IEND").refusal == Refusal(.invalidRequest, "truncated PNG: no IEND"))
    }

    @Test func malformedHeadersAreRefusedWithTheirReason() throws {
        let badCRC = S.png().enumerated().map { $0.offset == 29 ? $0.element ^ 1 : $0.element }
        #expect(refusal(of: badCRC) == "malformed PNG: IHDR's CRC is wrong")
        var notIHDR = S.png()
        notIHDR[12...15] = S.ascii("IHDX")[...]
        #expect(refusal(of: notIHDR) == "malformed PNG: the first chunk is IHDX, not IHDR")
        #expect(refusal(of: S.png(width: 70_000)) == "PNG of 70000×200 pixels")
        #expect(refusal(of: S.jpeg(height: 0))?.contains("DNL") == true)
        #expect(refusal(of: S.gif(width: 0)) == "GIF of 0×9 pixels")
        let twoFrames = S.jpeg(extra: [S.segment(0xC2, [8, 0, 1, 0, 1, 1, 1, 0x11, 0])])
        #expect(refusal(of: twoFrames) == "malformed JPEG: two frame headers")
        var oversized = S.webpLossy(width: 3, height: 3)
        oversized[16...19] = S.le(1000, 4)[...]
        #expect(refusal(of: oversized)?.contains("past the RIFF's end") == true)
    }

    /// Lengths as large as the fields allow are checked against what encloses them, never allocated.
    @Test func hugeLengthsAreRefusedWithoutReadingThem() throws {
        let text = S.be(0x7FFF_FFFF, 4) + S.ascii("tEXt")
        let png = Array(S.png().prefix(33)) + text + Array(repeating: 0, count: 100)
        #expect(refusal(of: png) == "PNG tEXt chunk of 2147483647 bytes, over 1048576")
        let skipped = Array(S.png().prefix(33)) + S.be(0x7FFF_FFFF, 4) + S.ascii("IDAT") + [1, 2, 3]
        #expect(refusal(of: skipped) == "truncated PNG: no IEND")
        #expect(
            refusal(of: Array(S.png().prefix(33)) + S.be(0x8000_0000, 4) + S.ascii("IDAT"))?.contains("bad chunk")
                == true)
    }

    @Test func segmentAndChunkCountsAreCapped() throws {
        let comments = Array(repeating: S.segment(0xFE, S.ascii("c")), count: 5000)
        #expect(refusal(of: S.jpeg(extra: comments)) == "malformed JPEG: more than 4096 segments")
        #expect(try facts(of: S.jpeg(extra: Array(comments.prefix(4000)))).width == 640)
        let fill = [UInt8](repeating: 0xFF, count: 10_000)
        #expect(try facts(of: S.jpeg(extra: [fill])).height == 480)
    }

    @Test func droppingRangesKeepsTheRest() throws {
        #expect(MediaFacts.ranges(of: 10, dropping: []) == [0..<10])
        #expect(MediaFacts.ranges(of: 10, dropping: [2..<4, 4..<6, 9..<10]) == [0..<2, 6..<9])
        #expect(MediaFacts.ranges(of: 10, dropping: [0..<10]) == [])
        #expect(MediaFacts.ranges(of: 0, dropping: []) == [])
    }
}
