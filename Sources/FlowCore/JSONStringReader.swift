/// The one reader of JSON string literals, strict as RFC 8259 is: the eight two-character escapes and `\u` with
/// four hex digits, a surrogate only as a high-low pair; no raw control character; valid UTF-8. Anything else is
/// nil. Request bodies (`FlatJSONReader`) and stored columns (`JSONColumns`) both read through it, so neither accepts what
/// the other refuses. A string without escapes is made straight from the bytes, without a buffer in between.
public enum JSONStringReader {
    /// The string whose opening quote is at `index`; on success `index` moves past its closing quote.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var i = start
        // Most strings have no escape: read them straight from the bytes.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 {
            i += 1
        }
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "\"") {
            guard let string = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            else { return nil }
            index = i + 1
            return string
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: out, as: UTF8.self) else { return nil }
                index = i
                return string
            case UInt8(ascii: "\\"):
                guard escape(bytes, at: &i, into: &out) else { return nil }
            case 0..<0x20:
                return nil
            default:
                out.append(byte)
            }
        }
        return nil
    }

    /// The escape after a backslash at `i`, appended to `out` as UTF-8; false for one JSON does not have.
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, at i: inout Int, into out: inout [UInt8]) -> Bool {
        guard i < bytes.count else { return false }
        let escape = bytes[i]
        i += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            guard let scalar = unicodeEscape(bytes, at: &i) else { return false }
            UTF8.encode(scalar) { out.append($0) }
        default: return false
        }
        return true
    }

    /// The scalar of `\uXXXX` (the digits at `i`), or of a surrogate pair `\uD8XX\uDCXX`; nil for a lone surrogate.
    private static func unicodeEscape(_ bytes: UnsafeBufferPointer<UInt8>, at i: inout Int) -> Unicode.Scalar? {
        guard let first = hex4(bytes, at: &i) else { return nil }
        switch first {
        case 0xD800..<0xDC00:
            guard i + 2 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                return nil
            }
            i += 2
            guard let low = hex4(bytes, at: &i), (0xDC00..<0xE000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00))
        case 0xDC00..<0xE000:
            return nil
        default:
            return Unicode.Scalar(first)
        }
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at i: inout Int) -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[i..<i + 4] {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        i += 4
        return value
    }
}
