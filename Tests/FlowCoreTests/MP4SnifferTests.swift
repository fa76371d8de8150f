import FlowCore
import Testing

private typealias M = MP4Samples
private typealias S = MediaSamples

@Suite struct MP4SnifferTests {
    @Test func sizeAndDurationComeFromTkhdAndMvhd() throws {
        let read = try facts(of: M.mp4())
        #expect(read.kind == .mp4 && read.width == 1920 && read.height == 1080)
        #expect(read.duration == .milliseconds(1500))
        let long = M.mp4(
            moov: M.moov([M.mvhd(timescale: 90_000, duration: 1 << 40, version: 1), M.videoTrak(version: 1)]))
        let readLong = try facts(of: long)
        #expect(readLong.duration == .seconds((1 << 40) / 90_000) + .milliseconds((1 << 40) % 90_000 * 1000 / 90_000))
        #expect(readLong.width == 1920)
    }

    @Test func aPortraitVideoTurnedByItsMatrixReportsTheTurnedSize() throws {
        let read = try facts(of: M.mp4(moov: M.moov([M.mvhd(), M.videoTrak(turned: true), M.audioTrak])))
        #expect(read.width == 1080 && read.height == 1920)
    }

    @Test func moovMayFollowAnyMdatOfAnySizeForm() throws {
        let large = M.largeBox("mdat", Array(repeating: 1, count: 100))
        #expect(try facts(of: M.mp4(mdat: large, moovFirst: false)).width == 1920)
        let toEnd = S.be(0, 4) + S.ascii("mdat") + Array(repeating: 2, count: 50)
        #expect(try facts(of: M.mp4(mdat: toEnd)).byteCount == UInt64(M.mp4(mdat: toEnd).count))
        #expect(refusal(of: M.mp4(mdat: toEnd, moovFirst: false)) == "MP4 without a movie header (moov, mvhd)")
        #expect(refusal(of: M.ftyp() + M.moov([M.mvhd(), M.videoTrak()])) == "MP4 without media data (mdat)")
    }

    @Test func codecsOtherThanH264AndAACAreRefusedByName() throws {
        #expect(
            refusal(of: M.mp4(moov: M.moov([M.mvhd(), M.videoTrak(codec: "hvc1"), M.audioTrak])))
                == "MP4 video in hvc1, not H.264 (avc1)")
        let opus = M.trak(handler: "soun", codecs: ["Opus"])
        #expect(
            refusal(of: M.mp4(moov: M.moov([M.mvhd(), M.videoTrak(), opus]))) == "MP4 audio in Opus, not AAC (mp4a)")
        let mixed = M.trak(handler: "vide", codecs: ["avc1", "vp09"], width: 10, height: 10)
        #expect(refusal(of: M.mp4(moov: M.moov([M.mvhd(), mixed]))) == "MP4 video in vp09, not H.264 (avc1)")
        let subtitles = M.trak(handler: "text", codecs: ["tx3g"])
        #expect(refusal(of: M.mp4(moov: M.moov([M.mvhd(), M.videoTrak(), subtitles])))?.contains("kind text") == true)
        #expect(refusal(of: M.mp4(moov: M.moov([M.mvhd(), M.audioTrak]))) == "MP4 without a video track")
        #expect(try facts(of: M.mp4(moov: M.moov([M.mvhd(), M.videoTrak()]))).height == 1080)
    }

    @Test func fragmentedAndMalformedMoviesAreRefused() throws {
        #expect(refusal(of: M.mp4() + M.box("moof", [])) == "fragmented MP4 is not taken")
        #expect(
            refusal(of: M.mp4(moov: M.moov([M.mvhd(), M.videoTrak(), M.box("mvex", [])])))
                == "fragmented MP4 is not taken")
        #expect(refusal(of: M.mp4(moov: M.moov([M.mvhd(duration: 0), M.videoTrak()])))?.contains("duration 0") == true)
        #expect(
            refusal(of: M.mp4(moov: M.moov([M.mvhd(timescale: 0), M.videoTrak()])))?.contains("timescale of 0") == true)
        #expect(refusal(of: M.mp4(moov: M.moov([M.mvhd(), M.videoTrak(width: 0)]))) == "MP4 video of 0×1080 pixels")
        #expect(refusal(of: M.mp4() + M.moov([M.mvhd()])) == "malformed MP4: two moov boxes")
        #expect(refusal(of: M.mp4(moov: M.moov([M.videoTrak()]))) == "MP4 without a movie header (moov, mvhd)")
    }

    /// Sizes are checked against the enclosing box before anything is skipped or read.
    @Test func hugeBoxSizesAreBounded() throws {
        let huge = M.largeBox("mdat", [1, 2, 3], size: 1 << 62)
        #expect(refusal(of: M.mp4(mdat: huge))?.hasPrefix("truncated MP4") == true)
        let overflowing = M.largeBox("free", [], size: .max)
        #expect(refusal(of: M.ftyp() + overflowing)?.hasPrefix("malformed MP4: a free box") == true)
        var child = M.mvhd()
        child[0...3] = S.be(0xFFFF_FFF0, 4)[...]
        #expect(refusal(of: M.mp4(moov: M.moov([child, M.videoTrak()])))?.contains("does not fit in moov") == true)
        let tooSmall = S.be(4, 4) + S.ascii("free")
        #expect(refusal(of: M.ftyp() + tooSmall)?.contains("does not fit") == true)
        let stsdShort = M.box("stbl", M.box("stsd", [0, 0]))
        let trak = M.box("trak", M.box("mdia", M.box("minf", stsdShort)))
        #expect(refusal(of: M.mp4(moov: M.moov([M.mvhd(), trak])))?.contains("stsd box of 2 bytes") == true)
    }

    /// Containers are entered only where they belong, so nesting the same box deep costs a skip, not a stack.
    @Test func deepNestingIsNotFollowed() throws {
        var nested = M.box("trak", [])
        for index in 0...2000 { nested = M.box(index % 2 == 0 ? "moov" : "trak", nested) }
        #expect(try facts(of: M.mp4(moov: M.moov([M.mvhd(), M.videoTrak(), nested]))).width == 1920)
        let many = M.moov([M.mvhd(), M.videoTrak()] + Array(repeating: M.box("free", []), count: 10_001))
        #expect(refusal(of: M.mp4(moov: many)) == "malformed MP4: more than 10000 boxes")
        let tracks = M.moov([M.mvhd()] + Array(repeating: M.videoTrak(), count: 17))
        #expect(refusal(of: M.mp4(moov: tracks)) == "MP4 with more than 16 tracks")
    }
}
