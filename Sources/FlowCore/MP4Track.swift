/// One `trak` of an MP4 as `MP4Walker` reads it: the handler (`vide`, `soun`, …), the size its `tkhd` gives, and
/// the four-character codes of its sample entries.
struct MP4Track: Sendable {
    var handler: String?
    var width: UInt64 = 0
    var height: UInt64 = 0
    var entries: [String] = []

    /// Video must be H.264 (`avc1`) and audio AAC (`mp4a`); no other kind of track is taken.
    func problem() -> String? {
        switch handler {
        case "vide":
            guard let codec = entries.first(where: { $0 != "avc1" }) ?? (entries.isEmpty ? "no codec" : nil) else {
                return nil
            }
            return "MP4 video in \(codec), not H.264 (avc1)"
        case "soun":
            guard let codec = entries.first(where: { $0 != "mp4a" }) ?? (entries.isEmpty ? "no codec" : nil) else {
                return nil
            }
            return "MP4 audio in \(codec), not AAC (mp4a)"
        case nil: return "malformed MP4: a track without a handler"
        case let other?: return "an MP4 track of kind \(other): only video and audio are taken"
        }
    }

    /// Reads `tkhd` (versions 0 and 1): width and height in 16.16 fixed point, swapped when the matrix turns the
    /// picture a quarter, as a phone's portrait video is stored.
    mutating func readHeader(_ bytes: ArraySlice<UInt8>) throws(MediaRefusal) {
        let matrix = bytes.byte(0) == 1 ? 52 : 40
        guard let a = bytes.bigEndian(matrix, 4), let d = bytes.bigEndian(matrix + 16, 4),
            let width = bytes.bigEndian(matrix + 36, 4), let height = bytes.bigEndian(matrix + 40, 4)
        else { throw MediaRefusal("malformed MP4: a track header of \(bytes.count) bytes") }
        let turned = a == 0 && d == 0
        self.width = (turned ? height : width) >> 16
        self.height = (turned ? width : height) >> 16
    }
}
