/// Fixed-width integers read from a slice at an offset relative to its start; nil past the end, so that a header
/// parser never reads beyond what it was given.
extension ArraySlice<UInt8> {
    func byte(_ at: Int) -> UInt8? { at >= 0 && at < count ? self[startIndex + at] : nil }

    func bigEndian(_ at: Int, _ width: Int) -> UInt64? {
        guard at >= 0, width <= 8, at + width <= count else { return nil }
        return (0..<width).reduce(0) { $0 << 8 | UInt64(self[startIndex + at + $1]) }
    }

    func littleEndian(_ at: Int, _ width: Int) -> UInt64? {
        guard at >= 0, width <= 8, at + width <= count else { return nil }
        return (0..<width).reversed().reduce(0) { $0 << 8 | UInt64(self[startIndex + at + $1]) }
    }

    func hasPrefix(_ text: String) -> Bool { starts(with: text.utf8) }

    /// Four bytes as a four-character code, for refusals ("hvc1").
    func fourCC(_ at: Int) -> String {
        guard at >= 0, at + 4 <= count else { return "?" }
        let code = self[(startIndex + at)..<(startIndex + at + 4)]
        return code.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) ? String(decoding: code, as: UTF8.self) : "?"
    }
}
