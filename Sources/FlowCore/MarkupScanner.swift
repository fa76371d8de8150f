/// Finds, in linear time, the markup a browser's sniffer would take a file for: the ASCII case-insensitive
/// tokens `<html`, `<script`, `<svg`, `<!doctype`, `<?xml`, `<body`, `<iframe`. Fed a stream in pieces, it keeps
/// the last bytes of one piece so that a token split between two is still found.
struct MarkupScanner: Sendable {
    static let tokens: [[UInt8]] = ["<html", "<script", "<svg", "<!doctype", "<?xml", "<body", "<iframe"].map {
        Array($0.utf8)
    }
    private static let longest = tokens.map(\.count).max()!

    /// The end of the previous piece, shorter than the longest token.
    private var tail: [UInt8] = []

    /// The first token in `bytes` (or across the previous piece and this one), if any.
    mutating func feed(_ bytes: ArraySlice<UInt8>) -> String? {
        if !tail.isEmpty {
            let window = tail + bytes.prefix(Self.longest - 1)
            for start in tail.indices {
                if let token = Self.token(in: window[...], at: start) { return token }
            }
        }
        if let token = Self.find(in: bytes) { return token }
        tail = Array((tail + bytes.suffix(Self.longest - 1)).suffix(Self.longest - 1))
        return nil
    }

    /// The first token in `bytes`, if any.
    static func find(in bytes: ArraySlice<UInt8>) -> String? {
        var index = bytes.startIndex
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            if let token = token(in: bytes, at: open) { return token }
            index = open + 1
        }
        return nil
    }

    private static func token(in bytes: ArraySlice<UInt8>, at start: Int) -> String? {
        tokens.first { token in
            guard bytes.endIndex - start >= token.count else { return false }
            return token.indices.allSatisfy { lowered(bytes[start + $0]) == token[$0] }
        }.map { String(decoding: $0, as: UTF8.self) }
    }

    private static func lowered(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte | 0x20 : byte }
}
