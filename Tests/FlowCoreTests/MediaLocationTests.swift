import FlowCore
import Testing

private typealias S = MediaSamples

/// Location metadata is found in the headers, and dropping the ranges reported leaves a file that sniffs the same
/// without it.
@Suite struct MediaLocationTests {
    private func stripped(_ bytes: [UInt8], _ facts: MediaFacts) -> [UInt8] {
        facts.keptRanges.flatMap { bytes[Int($0.lowerBound)..<Int($0.upperBound)] }
    }

    @Test func jpegEXIFWithGPSAndXMPAreDroppedAndOrientationKept() throws {
        let gps = S.segment(0xE1, S.exif(gps: true))
        let orientation = S.segment(0xE1, S.exif(gps: false))
        let xmp = S.segment(0xE1, S.xmp)
        let bytes = S.jpeg(extra: [orientation, gps, xmp])
        let read = try facts(of: bytes)
        #expect(read.location == [.exifGPS, .xmp])
        let start = UInt64(2 + 18 + orientation.count)
        #expect(
            read.locationRanges == [
                start..<start + UInt64(gps.count), start + UInt64(gps.count)..<start + UInt64(gps.count + xmp.count),
            ])
        let clean = stripped(bytes, read)
        #expect(clean == S.jpeg(extra: [orientation]))
        let again = try facts(of: clean)
        #expect(again.location == [] && again.locationRanges == [] && again.width == 640)
    }

    @Test func unreadableEXIFCountsAsLocation() throws {
        let broken = S.segment(0xE1, S.ascii("Exif\0\0") + S.ascii("XX") + [0, 42, 0, 0, 0, 8])
        let overlong = S.segment(0xE1, S.ascii("Exif\0\0MM") + S.be(42, 2) + S.be(8, 4) + S.be(500, 2))
        for segment in [broken, overlong] {
            let read = try facts(of: S.jpeg(extra: [segment]))
            #expect(read.location == .exifGPS && read.locationRanges.count == 1)
        }
        #expect(try facts(of: S.jpeg(extra: [S.segment(0xE1, S.exif(gps: false))])).locationRanges == [])
    }

    @Test func pngEXIfAndXMPTextAreDropped() throws {
        let exif = S.chunk("eXIf", Array(S.exif(gps: false).dropFirst(6)))
        let xmp = S.chunk("iTXt", S.ascii("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>"))
        let comment = S.chunk("tEXt", S.ascii("Comment\0hello"))
        let bytes = S.png(before: [exif, comment], after: [xmp])
        let read = try facts(of: bytes)
        #expect(read.location == [.exif, .xmp])
        #expect(read.locationRanges.count == 2)
        let clean = stripped(bytes, read)
        #expect(clean == S.png(before: [comment]))
        #expect(try facts(of: clean).location == [])
        let gps = S.chunk("eXIf", Array(S.exif(gps: true).dropFirst(6)))
        #expect(try facts(of: S.png(after: [gps])).location == [.exif, .exifGPS])
    }

    @Test func otherTypesReportNoRanges() throws {
        for bytes in [S.gif(), S.webpExtended(width: 2, height: 2), MP4Samples.mp4()] {
            let read = try facts(of: bytes)
            #expect(read.locationRanges == [] && read.keptRanges == [0..<UInt64(bytes.count)])
        }
    }
}
