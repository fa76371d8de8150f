public import Foundation

/// Writes one JSON object straight into bytes, in the form `WireJSON.encoder()` gives: members in the order they
/// are added (callers add them with their keys sorted; debug builds check), nil values left out. A transition's
/// answer was built as a `JSONValue` tree and then written, a large part of the answer's cost (bench/instructions);
/// the hot answers write themselves through this instead.
public struct JSONObjectWriter {
    private var bytes: [UInt8] = []
    private var empty = true
    #if DEBUG
        private var lastKey = ""
    #endif

    /// Appends the object that `members` writes to `out`.
    public static func write(to out: inout [UInt8], _ members: (inout JSONObjectWriter) -> Void) {
        var writer = JSONObjectWriter()
        // Moved in and out, not copied: the writer appends to `out`'s own storage.
        swap(&writer.bytes, &out)
        writer.bytes.append(UInt8(ascii: "{"))
        members(&writer)
        writer.bytes.append(UInt8(ascii: "}"))
        swap(&writer.bytes, &out)
    }

    /// Keys are ASCII names without escapes.
    private mutating func key(_ key: StaticString) {
        #if DEBUG
            let name = key.description
            precondition(empty || lastKey < name, "JSON keys out of order: \(name) after \(lastKey)")
            lastKey = name
        #endif
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        // Byte by byte around the name: appending a String's UTF-8 view went through its generic path.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func add(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(key)
        JSONValue.quote(value, into: &bytes)
    }

    public mutating func add(_ key: StaticString, _ value: Int64?) {
        guard let value else { return }
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func add(_ key: StaticString, _ value: Int) {
        add(key, Int64(value))
    }

    public mutating func add(_ key: StaticString, _ value: Bool) {
        self.key(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// As `isoUTC` writes it.
    public mutating func add(_ key: StaticString, date: Date?) {
        guard let date else { return }
        self.key(key)
        bytes.append(UInt8(ascii: "\""))
        appendISOUTC(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func add(_ key: StaticString, _ value: Bool?) {
        if let value { add(key, value) }
    }

    public mutating func add(_ key: StaticString, _ values: [String]?) {
        if let values { add(key, values) }
    }

    public mutating func add(_ key: StaticString, _ values: [String]) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONValue.quote(value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An object of strings, its keys sorted as the encoder sorts them.
    public mutating func add(_ key: StaticString, strings: [String: String]) {
        self.key(key)
        bytes.append(UInt8(ascii: "{"))
        for (index, member) in strings.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONValue.quote(member.key, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            JSONValue.quote(member.value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// An array of `count` values, the one at each index written whole by `write`. Not generic: a generic method
    /// called from another module runs unspecialized, which was slow for every array (bench/instructions).
    public mutating func add(_ key: StaticString, count: Int, _ write: (Int, inout [UInt8]) -> Void) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for index in 0..<count {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(index, &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
