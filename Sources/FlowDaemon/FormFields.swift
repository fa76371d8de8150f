import FlowCore

/// `application/x-www-form-urlencoded`, read one way for every form flowd takes (the review page's decisions,
/// Slack's interaction payloads): `+` is a space, `%XX` a byte, every field UTF-8. A field given twice is refused:
/// a form that says two things is bad input, and taking either copy would let the other one pass unread. Read byte
/// by byte, without Codable or Foundation's percent decoding, since Slack's button presses come through here.
enum FormFields {
    enum Refusal: Error, Equatable, CustomStringConvertible {
        /// A `%` without two hex digits after it, or bytes that are not UTF-8.
        case garbled
        /// The field named twice.
        case repeated(String)

        var description: String {
            switch self {
            case .garbled: "a field is not percent-encoded UTF-8"
            case .repeated(let name): "the field \(quoted(name)) is given twice"
            }
        }
    }

    static func parse(_ bytes: some Collection<UInt8>) throws(Refusal) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else {
                throw .garbled
            }
            guard fields.updateValue(value, forKey: name) == nil else { throw .repeated(name) }
        }
        return fields
    }

    /// One name or value: `+` a space, `%XX` the byte; nil when garbled.
    static func decode(_ bytes: some Collection<UInt8>) -> String? {
        guard bytes.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else {
            return String(validating: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            bytes.formIndex(after: &index)
            switch byte {
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard index != bytes.endIndex, let high = hexDigit(bytes[index]) else { return nil }
                bytes.formIndex(after: &index)
                guard index != bytes.endIndex, let low = hexDigit(bytes[index]) else { return nil }
                bytes.formIndex(after: &index)
                out.append(high << 4 | low)
            default:
                out.append(byte)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
