/// What a `Range` header asks of a file of known size (RFC 9110 §14): one range of bytes, the whole file, or a
/// range the file cannot satisfy. flowd serves one range per request: a header with several, another unit or bad
/// syntax is ignored and the whole file answered, as the RFC allows. Read in one pass over at most `maxLength`
/// bytes.
enum ByteRange: Equatable {
    case whole
    /// The first and last byte, both inside the file.
    case part(ClosedRange<UInt64>)
    case unsatisfiable

    /// Longer headers are not a single range flowd would answer.
    static let maxLength = 64

    init(header: String?, size: UInt64) {
        guard let header, header.utf8.count <= Self.maxLength, header.hasPrefix("bytes="),
            !header.contains(",")
        else {
            self = .whole
            return
        }
        let spec = header.dropFirst("bytes=".count)
        guard let dash = spec.firstIndex(of: "-") else {
            self = .whole
            return
        }
        let first = Self.number(spec[..<dash])
        let last = Self.number(spec[spec.index(after: dash)...])
        switch (first, last) {
        case (.some(let first), .some(let last)):
            guard first <= last else {
                self = .whole
                return
            }
            self = first < size ? .part(first...min(last, size - 1)) : .unsatisfiable
        case (.some(let first), nil) where spec[spec.index(after: dash)...].isEmpty:
            self = first < size ? .part(first...(size - 1)) : .unsatisfiable
        case (nil, .some(let suffix)) where spec[..<dash].isEmpty:
            // The last `suffix` bytes, or the whole file when it is shorter.
            self = suffix > 0 && size > 0 ? .part((size - min(suffix, size))...(size - 1)) : .unsatisfiable
        default:
            self = .whole
        }
    }

    /// Digits only, without sign or space; nil for anything else, or a number past `UInt64`.
    private static func number(_ text: Substring) -> UInt64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return UInt64(text)
    }
}
