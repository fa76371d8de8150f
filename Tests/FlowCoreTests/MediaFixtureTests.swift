import FlowCore
import Foundation
import Testing

/// Files made by real encoders (Pillow, see Fixtures/README.md) and the fuzz seeds, which must all be taken.
@Suite struct MediaFixtureTests {
    private static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    @Test(arguments: [
        ("gps.jpg", MediaKind.jpeg), ("progressive.jpg", .jpeg), ("xmp.png", .png), ("lossy.webp", .webp),
        ("lossless.webp", .webp), ("animated.gif", .gif),
    ])
    func realFilesAreReadRight(name: String, kind: MediaKind) throws {
        let bytes = try Self.fixture(name)
        let read = try facts(of: bytes)
        #expect(read.kind == kind && read.width == 123 && read.height == 45, "\(name): \(read)")
        for piece in [1, 4096] { #expect(try sniffInPieces(bytes, piece).get() == read) }
    }

    @Test func aCameraStyleJPEGLosesItsGPSAndXMPOnly() throws {
        let bytes = try Self.fixture("gps.jpg")
        let read = try facts(of: bytes)
        #expect(read.location == [.exifGPS, .xmp] && read.locationRanges.count == 2)
        let clean = read.keptRanges.flatMap { bytes[Int($0.lowerBound)..<Int($0.upperBound)] }
        let again = try facts(of: clean)
        #expect(again.location == [] && again.width == 123 && again.byteCount < read.byteCount)
        #expect(try facts(of: Self.fixture("progressive.jpg")).location == [])
    }

    @Test func aPNGLosesItsEXIfAndXMP() throws {
        let read = try facts(of: Self.fixture("xmp.png"))
        #expect(read.location == [.exif, .exifGPS, .xmp] && read.locationRanges.count == 2)
    }

    /// ffmpeg's MP4s: moov after mdat (its default) or before (`+faststart`), turned by a display matrix, and HEVC.
    @Test func realMoviesAreReadRight() throws {
        let plain = try facts(of: Self.fixture("h264-aac.mp4"))
        #expect(plain.kind == .mp4 && plain.width == 64 && plain.height == 36)
        let duration = try #require(plain.duration)
        #expect(duration >= .milliseconds(900) && duration <= .milliseconds(1100), "\(duration)")
        #expect(try facts(of: Self.fixture("faststart.mp4")) == plain)
        let portrait = try facts(of: Self.fixture("portrait.mp4"))
        #expect(portrait.width == 36 && portrait.height == 64)
        #expect(refusal(of: try Self.fixture("hevc.mp4")) == "MP4 video in hvc1, not H.264 (avc1)")
        let cut = try Self.fixture("faststart.mp4").dropLast(100)
        #expect(refusal(of: Array(cut))?.hasPrefix("truncated MP4") == true)
    }

    @Test func theFuzzSeedsAreTaken() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fuzz/seeds/media")
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path).filter { !$0.hasPrefix(".") }
        #expect(names.count >= 5)
        for name in names {
            let bytes = Array(try Data(contentsOf: seeds.appendingPathComponent(name)))
            #expect(throws: Never.self, "\(name)") { try facts(of: bytes) }
        }
    }
}
