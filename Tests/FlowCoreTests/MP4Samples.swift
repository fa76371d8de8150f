import FlowCore

/// MP4 files built box by box: ftyp, moov (mvhd, a video trak and an audio trak) and mdat, with options for the
/// codecs, box versions, order and sizes the tests need.
enum MP4Samples {
    typealias S = MediaSamples

    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        S.be(UInt64(payload.count + 8), 4) + S.ascii(type) + payload
    }

    /// A box with a 64-bit size (size field 1).
    static func largeBox(_ type: String, _ payload: [UInt8], size: UInt64? = nil) -> [UInt8] {
        S.be(1, 4) + S.ascii(type) + S.be(size ?? UInt64(payload.count + 16), 8) + payload
    }

    static func ftyp(_ major: String = "isom", _ compatible: [String] = ["isom", "iso2", "avc1", "mp41"]) -> [UInt8] {
        box("ftyp", S.ascii(major) + S.be(0x200, 4) + compatible.flatMap { S.ascii($0) })
    }

    static func mvhd(timescale: UInt64 = 1000, duration: UInt64 = 1500, version: UInt8 = 0) -> [UInt8] {
        let times =
            version == 1
            ? S.be(0, 8) + S.be(0, 8) + S.be(timescale, 4) + S.be(duration, 8)
            : S.be(0, 4) + S.be(0, 4) + S.be(timescale, 4) + S.be(duration, 4)
        return box("mvhd", [version, 0, 0, 0] + times + Array(repeating: 0, count: 80))
    }

    static func tkhd(width: Int, height: Int, version: UInt8 = 0, turned: Bool = false) -> [UInt8] {
        let times = [UInt8](repeating: 0, count: version == 1 ? 32 : 20)
        let one: UInt64 = 0x0001_0000
        let minusOne: UInt64 = 0xFFFF_0000
        let identity: [UInt64] = [one, 0, 0, 0, one, 0]
        let quarter: [UInt64] = [0, one, 0, minusOne, 0, 0]
        let matrix: [UInt8] = (turned ? quarter : identity).flatMap { S.be($0, 4) }
        let rest = S.be(0, 4) + S.be(0, 4) + S.be(0x4000_0000, 4)
        let header: [UInt8] = [version, 0, 0, 7] + times + [UInt8](repeating: 0, count: 16)
        let size: [UInt8] = S.be(UInt64(width) << 16, 4) + S.be(UInt64(height) << 16, 4)
        return box("tkhd", header + matrix + rest + size)
    }

    static func trak(
        handler: String, codecs: [String], width: Int = 0, height: Int = 0, version: UInt8 = 0, turned: Bool = false
    ) -> [UInt8] {
        let hdlr = box("hdlr", S.be(0, 4) + S.be(0, 4) + S.ascii(handler) + S.be(0, 12) + [0])
        let entries = codecs.map { box($0, Array(repeating: 0, count: 78)) }
        let stsd = box("stsd", S.be(0, 4) + S.be(UInt64(codecs.count), 4) + entries.flatMap { $0 })
        let stbl = box("stbl", stsd + box("stts", S.be(0, 8)))
        let minf = box("minf", box("vmhd", S.be(1, 12)) + stbl)
        let mdia = box("mdia", box("mdhd", S.be(0, 24)) + hdlr + minf)
        return box("trak", tkhd(width: width, height: height, version: version, turned: turned) + mdia)
    }

    static func videoTrak(
        width: Int = 1920, height: Int = 1080, codec: String = "avc1", version: UInt8 = 0, turned: Bool = false
    ) -> [UInt8] {
        trak(handler: "vide", codecs: [codec], width: width, height: height, version: version, turned: turned)
    }

    static let audioTrak = trak(handler: "soun", codecs: ["mp4a"])
    static let mdat = box("mdat", Array(repeating: 0xAB, count: 64))

    static func moov(_ children: [[UInt8]]) -> [UInt8] { box("moov", children.flatMap { $0 }) }

    static func mp4(
        ftyp: [UInt8] = ftyp(), moov: [UInt8] = moov([mvhd(), videoTrak(), audioTrak]), mdat: [UInt8] = mdat,
        moovFirst: Bool = true
    ) -> [UInt8] {
        moovFirst ? ftyp + moov + mdat : ftyp + mdat + moov
    }
}
