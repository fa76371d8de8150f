/// Reads just enough of an EXIF block (a TIFF header and its first directory) to tell whether it points at a GPS
/// directory. Bounded by the entry count the directory states and by the bytes there are.
enum ExifReader {
    /// The tag of IFD0's pointer to the GPS directory.
    static let gpsPointer: UInt64 = 0x8825

    /// Whether the TIFF structure in `tiff` has a GPS directory; true when it cannot be read, so that an EXIF block
    /// too malformed to judge is dropped along with those that have one.
    static func hasGPS(tiff: ArraySlice<UInt8>) -> Bool {
        let little: Bool
        if tiff.hasPrefix("II") {
            little = true
        } else if tiff.hasPrefix("MM") {
            little = false
        } else {
            return true
        }
        func field(_ at: Int, _ width: Int) -> UInt64? {
            little ? tiff.littleEndian(at, width) : tiff.bigEndian(at, width)
        }
        guard field(2, 2) == 42, let first = field(4, 4), first <= UInt64(tiff.count), let count = field(Int(first), 2)
        else { return true }
        let entries = Int(first) + 2
        guard entries + Int(count) * 12 <= tiff.count else { return true }
        return (0..<Int(count)).contains { field(entries + $0 * 12, 2) == gpsPointer }
    }
}
