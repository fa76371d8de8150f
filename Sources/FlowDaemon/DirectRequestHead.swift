import NIOCore

/// The head of a request `DirectRouteHandler` takes, read straight from the connection's bytes.
///
/// Only the plainest form of HTTP/1.1 is read here: `POST`, an origin-form target, `HTTP/1.1`, fields of a token, a
/// colon and a value, a body given by at most one `Content-Length`, and `Connection` saying `close` or `keep-alive` if
/// anything. Whatever else a client sends (another method or version, chunked bodies, `Expect`, `Upgrade`, folded or
/// malformed lines, a head past `maxBytes`) is `notMine`, and the connection's requests go to NIO's decoder and the
/// router from there on, which answer every form HTTP allows and refuse the rest with their own errors. So this reader
/// decides only which requests it may take; it never refuses one.
struct DirectRequestHead: Sendable {
    /// The head's bytes, from the request line to the blank line that ends it.
    let bytes: [UInt8]
    /// The request target, as sent.
    let path: String
    /// Where each field's name and value lie in `bytes`, in order.
    let fields: [Field]
    /// The body's length; 0 when no `Content-Length` was sent.
    let contentLength: Int
    /// The client asked for the connection to close after the answer.
    let close: Bool

    struct Field: Sendable {
        let name: Range<Int>
        let value: Range<Int>
    }

    /// Past this many bytes without the blank line, a head is left to NIO's decoder and its limits.
    static let maxBytes = 8192
    /// Past this many fields, likewise.
    static let maxFields = 64

    enum Parsed {
        /// The head is not all here yet; search again from `searchFrom` when more bytes come.
        case needMore(searchFrom: Int)
        /// Not a request this reader takes.
        case notMine
        /// A whole head of `length` bytes; the body follows it.
        case head(DirectRequestHead, length: Int)
    }

    /// The value of every field named `name` (compared without regard to case), joined by ", " when there are several,
    /// as `HTTPFields` gives them to the router's handlers; nil when there is none.
    func field(_ name: String) -> String? {
        var found: String?
        var name = name
        name.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { bytes in
                for field in fields where Self.sameName(UnsafeBufferPointer(rebasing: bytes[field.name]), wanted) {
                    let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[field.value]), as: UTF8.self)
                    found = found.map { $0 + ", " + value } ?? value
                }
            }
        }
        return found
    }

    /// Reads the head at the start of `buffer`'s readable bytes. `searchFrom` is where the search for the blank line
    /// stopped last time, so that a head arriving a byte at a time is still read in linear time overall.
    static func parse(_ buffer: ByteBuffer, searchFrom: Int) -> Parsed {
        buffer.withUnsafeReadableBytes { raw -> Parsed in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let end = blankLine(bytes, from: searchFrom) else {
                if bytes.count > maxBytes { return .notMine }
                return .needMore(searchFrom: max(0, bytes.count - 3))
            }
            guard end <= maxBytes else { return .notMine }
            return read(UnsafeBufferPointer(rebasing: bytes[0..<end]))
        }
    }

    /// The index just past the first CR LF CR LF at or after `from`.
    private static func blankLine(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var index = from
        while index + 3 < bytes.count {
            if bytes[index + 3] != lf {
                // The byte 3 ahead is not the final LF, so no match can end there; skip ahead by how far a match
                // could still start.
                index += bytes[index + 3] == cr ? 1 : 4
                continue
            }
            if bytes[index] == cr, bytes[index + 1] == lf, bytes[index + 2] == cr { return index + 4 }
            index += 1
        }
        return nil
    }

    /// Reads a head that ends with its blank line, so every scan below stops at a CR before running out.
    private static func read(_ head: UnsafeBufferPointer<UInt8>) -> Parsed {
        // The request line: exactly "POST", one space, the target, one space, "HTTP/1.1".
        guard starts(head, at: 0, with: "POST /") else { return .notMine }
        var index = 5
        let targetStart = index
        while head[index] > 0x20, head[index] < 0x7F { index += 1 }
        let target = targetStart..<index
        guard starts(head, at: index, with: " HTTP/1.1\r\n") else { return .notMine }
        index += 11

        var fields: [Field] = []
        fields.reserveCapacity(8)
        var contentLength: Int?
        var close = false
        while head[index] != cr {
            // A field line: a token, a colon, optional whitespace, a value, optional whitespace, CR LF.
            let nameStart = index
            while isToken(head[index]) { index += 1 }
            guard index > nameStart, head[index] == UInt8(ascii: ":") else { return .notMine }
            let name = nameStart..<index
            index += 1
            while head[index] == space || head[index] == tab { index += 1 }
            let valueStart = index
            var valueEnd = index
            while head[index] != cr {
                let byte = head[index]
                guard byte == tab || byte >= 0x20, byte != 0x7F else { return .notMine }
                index += 1
                if byte != space && byte != tab { valueEnd = index }
            }
            guard head[index + 1] == lf else { return .notMine }
            index += 2
            let value = valueStart..<valueEnd
            guard fields.count < maxFields else { return .notMine }
            fields.append(Field(name: name, value: value))

            let fieldName = UnsafeBufferPointer(rebasing: head[name])
            let fieldValue = UnsafeBufferPointer(rebasing: head[value])
            if sameName(fieldName, "content-length") {
                guard contentLength == nil, let length = digits(fieldValue) else { return .notMine }
                contentLength = length
            } else if sameName(fieldName, "connection") {
                guard let asksClose = connection(fieldValue) else { return .notMine }
                close = close || asksClose
            } else if sameName(fieldName, "transfer-encoding") || sameName(fieldName, "expect")
                || sameName(fieldName, "upgrade")
            {
                return .notMine
            }
        }
        // The loop stops only at the blank line, which is the head's last two bytes.
        guard head[index + 1] == lf, index + 2 == head.count else { return .notMine }
        let parsed = DirectRequestHead(
            bytes: Array(head), path: String(decoding: UnsafeBufferPointer(rebasing: head[target]), as: UTF8.self),
            fields: fields, contentLength: contentLength ?? 0, close: close)
        return .head(parsed, length: head.count)
    }

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, with text: StaticString) -> Bool {
        text.withUTF8Buffer { wanted in
            index + wanted.count <= bytes.count
                && UnsafeBufferPointer(rebasing: bytes[index..<index + wanted.count]).elementsEqual(wanted)
        }
    }

    /// A `Content-Length` of 1 to 15 digits and nothing else.
    private static func digits(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        guard (1...15).contains(value.count) else { return nil }
        var result = 0
        for byte in value {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            result = result * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return result
    }

    /// Whether a `Connection` value of `close` and `keep-alive` tokens asks to close; nil for any other token.
    private static func connection(_ value: UnsafeBufferPointer<UInt8>) -> Bool? {
        var close = false
        for token in value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            var word = token
            while let first = word.first, first == space || first == tab { word = word.dropFirst() }
            while let last = word.last, last == space || last == tab { word = word.dropLast() }
            let bytes = UnsafeBufferPointer(rebasing: word)
            if sameName(bytes, "close") {
                close = true
            } else if !sameName(bytes, "keep-alive") {
                return nil
            }
        }
        return close
    }

    private static func sameName(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        lowercase.withUTF8Buffer { sameName(bytes, $0) }
    }

    /// ASCII comparison without regard to case; `other` may be in any case.
    private static func sameName(_ bytes: UnsafeBufferPointer<UInt8>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == other.count else { return false }
        for index in 0..<bytes.count where lowered(bytes[index]) != lowered(other[index]) { return false }
        return true
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// RFC 9110's tchar: letters, digits and !#$%&'*+-.^_`|~.
    private static func isToken(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "#")...UInt8(ascii: "'"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^")...UInt8(ascii: "`"),
            UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
}
