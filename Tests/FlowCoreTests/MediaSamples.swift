import FlowCore

/// Media files built byte by byte: the smallest headers each format's walker accepts, with options for the
/// metadata, codecs and malformations the tests need.
enum MediaSamples {
    static func be(_ value: UInt64, _ width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    static func le(_ value: UInt64, _ width: Int) -> [UInt8] { be(value, width).reversed() }

    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    // MARK: JPEG

    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker] + be(UInt64(payload.count + 2), 2) + payload
    }

    /// SOI, APP0 (JFIF), the extra segments, DQT, SOF0, DHT, SOS, scan data with a stuffed byte and a restart
    /// marker, EOI, then `trailer`.
    static func jpeg(
        width: Int = 640, height: Int = 480, extra: [[UInt8]] = [], scan: [UInt8] = [0x12, 0xFF, 0x00, 0x34],
        trailer: [UInt8] = []
    ) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += segment(0xE0, ascii("JFIF\0") + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        for part in extra { bytes += part }
        bytes += segment(0xDB, [0] + Array(repeating: 1, count: 64))
        bytes += segment(0xC0, [8] + be(UInt64(height), 2) + be(UInt64(width), 2) + [1, 1, 0x11, 0])
        bytes += segment(0xC4, [0] + Array(repeating: 0, count: 16))
        bytes += segment(0xDA, [1, 1, 0, 0, 63, 0])
        bytes += scan + [0xFF, 0xD0, 0x56] + [0xFF, 0xD9]
        return bytes + trailer
    }

    /// An APP1 EXIF block whose first directory has one entry: the GPS pointer, or an orientation.
    static func exif(gps: Bool, header: String = "Exif\0\0") -> [UInt8] {
        let tiff =
            ascii("MM") + be(42, 2) + be(8, 4) + be(1, 2) + be(gps ? 0x8825 : 0x0112, 2) + be(4, 2) + be(1, 4)
            + be(gps ? 26 : 1, 4) + be(0, 4)
        return ascii(header) + tiff
    }

    static let xmp = ascii("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>")

    // MARK: PNG

    /// The CRC of PNG chunks, bit by bit (the sniffer's own uses a table).
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        var crc = UInt32.max
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func chunk(_ type: String, _ data: [UInt8], crc fix: UInt32? = nil) -> [UInt8] {
        be(UInt64(data.count), 4) + ascii(type) + data + be(UInt64(fix ?? crc(ascii(type) + data)), 4)
    }

    static func png(width: Int = 300, height: Int = 200, before: [[UInt8]] = [], after: [[UInt8]] = []) -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes += chunk("IHDR", be(UInt64(width), 4) + be(UInt64(height), 4) + [8, 6, 0, 0, 0])
        for part in before { bytes += part }
        bytes += chunk("IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])
        for part in after { bytes += part }
        return bytes + chunk("IEND", [])
    }

    // MARK: GIF

    static func gif(width: Int = 17, height: Int = 9, comment: String? = "made by hand") -> [UInt8] {
        var bytes = ascii("GIF89a") + le(UInt64(width), 2) + le(UInt64(height), 2) + [0x80, 0, 0]
        bytes += [0, 0, 0, 255, 255, 255]
        if let comment { bytes += [0x21, 0xFE, UInt8(comment.utf8.count)] + ascii(comment) + [0] }
        bytes += [0x21, 0xF9, 4, 0, 0, 0, 0, 0]
        bytes += [0x2C] + le(0, 2) + le(0, 2) + le(UInt64(width), 2) + le(UInt64(height), 2) + [0]
        bytes += [2, 2, 0x4C, 0x01, 0]
        return bytes + [0x3B]
    }

    // MARK: WebP

    static func riff(_ chunks: [[UInt8]]) -> [UInt8] {
        let body = ascii("WEBP") + chunks.flatMap { $0 }
        return ascii("RIFF") + le(UInt64(body.count), 4) + body
    }

    static func webpChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        ascii(type) + le(UInt64(data.count), 4) + data + (data.count % 2 == 1 ? [0] : [])
    }

    static func webpLossy(width: Int, height: Int) -> [UInt8] {
        riff([
            webpChunk(
                "VP8 ",
                [0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A] + le(UInt64(width), 2) + le(UInt64(height), 2) + [1, 2, 3])
        ])
    }

    static func webpLossless(width: Int, height: Int) -> [UInt8] {
        riff([webpChunk("VP8L", [0x2F] + le(UInt64(width - 1) | UInt64(height - 1) << 14, 4) + [0, 0, 0])])
    }

    static func webpExtended(width: Int, height: Int) -> [UInt8] {
        riff([
            webpChunk("VP8X", [0x10, 0, 0, 0] + le(UInt64(width - 1), 3) + le(UInt64(height - 1), 3)),
            webpChunk("ALPH", [0, 1, 2]),
            webpChunk("VP8L", [0x2F] + le(UInt64(width - 1) | UInt64(height - 1) << 14, 4) + [0]),
        ])
    }
}
