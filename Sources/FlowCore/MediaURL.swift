/// An address a webhook may name a medium by, and the prefixes a source's `media_from` lists, read strictly so
/// that what is compared is what is fetched: scheme, host and port exactly, then the path as a prefix. Read byte
/// by byte in one pass; anything a server or a client library could read two ways is refused rather than
/// normalised: userinfo, a fragment, `.` or `..` segments, an empty segment, a percent-encoded slash, backslash or
/// dot, and every byte outside the characters RFC 3986 allows. Plain `http` is taken for loopback hosts only
/// (a fixture server on the same machine), where TLS protects nothing.
public struct MediaURL: Sendable, Equatable {
    /// `https` or `http`, lowercased.
    public var scheme: String
    /// The host as written, lowercased; an IPv6 address keeps its brackets.
    public var host: String
    /// The port, explicit or the scheme's default.
    public var port: Int
    /// From the first `/` up to the query.
    public var path: String
    /// After the `?`, when there is one.
    public var query: String?

    /// The longest address read.
    public static let maxBytes = 2048

    /// The address to fetch, rebuilt from its checked parts.
    public var text: String { withoutQuery + (query.map { "?" + $0 } ?? "") }

    /// The address as messages and logs name it: without its query, which for a pre-signed address is the
    /// credential (`X-Amz-Signature=…`), said as `?…` when there was one.
    public var shown: String { withoutQuery + (query == nil ? "" : "?…") }

    /// Scheme, host, the port unless it is the scheme's own, and path.
    private var withoutQuery: String {
        let defaultPort = scheme == "https" ? 443 : 80
        return "\(scheme)://\(host)\(port == defaultPort ? "" : ":\(port)")\(path)"
    }

    /// Whether this address lies under `prefix`: same scheme, host and port, and a path that starts with the
    /// prefix's (which ends in `/`).
    public func isUnder(_ prefix: MediaURL) -> Bool {
        scheme == prefix.scheme && host == prefix.host && port == prefix.port && path.hasPrefix(prefix.path)
    }

    /// Reads `text`; the error says what is wrong with it in words.
    public init(parsing text: String) throws(MediaURLError) {
        let bytes = Array(text.utf8)
        guard bytes.count <= Self.maxBytes else { throw MediaURLError("is longer than \(Self.maxBytes) bytes") }
        let lower = String(decoding: bytes.prefix(8).map { $0 | (($0 >= 65 && $0 <= 90) ? 0x20 : 0) }, as: UTF8.self)
        let rest: ArraySlice<UInt8>
        if lower.hasPrefix("https://") {
            (scheme, rest) = ("https", bytes.dropFirst(8))
        } else if lower.hasPrefix("http://") {
            (scheme, rest) = ("http", bytes.dropFirst(7))
        } else {
            throw MediaURLError("must be an https:// address")
        }
        let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? rest.endIndex
        (host, port) = try Self.authority(rest[rest.startIndex..<authorityEnd], scheme: scheme)
        if scheme == "http", !Self.isLoopback(host) {
            throw MediaURLError("must be an https:// address (plain http is for loopback hosts only)")
        }
        let tail = rest[authorityEnd...]
        guard tail.first == UInt8(ascii: "/") else { throw MediaURLError("has no path") }
        let queryStart = tail.firstIndex(of: UInt8(ascii: "?")) ?? tail.endIndex
        let pathBytes = tail[tail.startIndex..<queryStart]
        try Self.checkPath(pathBytes)
        path = String(decoding: pathBytes, as: UTF8.self)
        if queryStart < tail.endIndex {
            let queryBytes = tail[(queryStart + 1)...]
            try Self.checkCharacters(queryBytes, extra: [UInt8(ascii: "/"), UInt8(ascii: "?")], in: "query")
            query = String(decoding: queryBytes, as: UTF8.self)
        } else {
            query = nil
        }
    }

    /// Host and port; no userinfo, nothing encoded.
    private static func authority(_ bytes: ArraySlice<UInt8>, scheme: String) throws(MediaURLError) -> (String, Int) {
        if bytes.contains(UInt8(ascii: "@")) { throw MediaURLError("must not carry a user name or password") }
        var hostEnd = bytes.endIndex
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")),
                bytes[(bytes.startIndex + 1)..<close].allSatisfy({ isHex($0) || $0 == UInt8(ascii: ":") }),
                close > bytes.startIndex + 1
            else { throw MediaURLError("has a malformed IPv6 host") }
            hostEnd = close + 1
        } else {
            hostEnd = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.endIndex
            let name = bytes[bytes.startIndex..<hostEnd]
            guard !name.isEmpty,
                name.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
            else { throw MediaURLError("has no host, or one with characters a host name does not have") }
        }
        let host = String(decoding: bytes[bytes.startIndex..<hostEnd], as: UTF8.self).lowercased()
        let portBytes = bytes[hostEnd...]
        guard !portBytes.isEmpty else { return (host, scheme == "https" ? 443 : 80) }
        let digits = portBytes.dropFirst()
        guard portBytes.first == UInt8(ascii: ":"), (1...5).contains(digits.count), digits.allSatisfy(isDigit),
            let port = Int(String(decoding: digits, as: UTF8.self)), (1...65535).contains(port)
        else { throw MediaURLError("has a malformed port") }
        return (host, port)
    }

    /// A path of plain segments: no `.`, `..` or empty one, nothing encoded that could become a separator or a dot.
    private static func checkPath(_ bytes: ArraySlice<UInt8>) throws(MediaURLError) {
        try checkCharacters(bytes, extra: [UInt8(ascii: "/")], in: "path")
        var segmentStart = bytes.startIndex + 1
        for index in (bytes.startIndex + 1)...bytes.endIndex where index == bytes.endIndex || bytes[index] == 0x2F {
            let segment = bytes[segmentStart..<index]
            if segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8) {
                throw MediaURLError("has a . or .. segment")
            }
            if segment.isEmpty && index < bytes.endIndex { throw MediaURLError("has an empty segment (//)") }
            segmentStart = index + 1
        }
    }

    /// RFC 3986's path characters (plus `extra`), and percent escapes of two hex digits that encode no slash,
    /// backslash or dot.
    private static func checkCharacters(
        _ bytes: ArraySlice<UInt8>, extra: [UInt8], in part: String
    ) throws(MediaURLError) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else {
                    throw MediaURLError("has a malformed percent escape in its \(part)")
                }
                let escaped = String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self).uppercased()
                if ["2F", "5C", "2E"].contains(escaped) {
                    throw MediaURLError("has a percent-encoded slash, backslash or dot in its \(part)")
                }
                index += 3
                continue
            }
            guard isAlphanumeric(byte) || allowed.contains(byte) || extra.contains(byte) else {
                throw MediaURLError("has a character not allowed in its \(part)")
            }
            index += 1
        }
    }

    /// Unreserved and sub-delimiters, `:` and `@`: what a path segment may hold unencoded.
    private static let allowed = Array("-._~!$&'()*+,;=:@".utf8)

    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "[::1]"
            || (host.hasPrefix("127.") && host.utf8.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ".") })
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
}
