import FlowCore

/// A one-pass reader for the JSON that request bodies almost always are: one object whose values are strings,
/// integers, booleans or arrays of strings. Anything outside that subset (null, fractions and exponents, nested
/// objects, a number past 15 digits) and anything that is not JSON reads as nil, and the caller
/// reads the body the general way, which decides. So for whatever it does read, it must agree with JSONSerialization:
/// `WireCodecTests` hold the two against each other. JSONSerialization cost more than the rest of a one-key body's
/// reading (docs/benchmarks.md, "What shaped the request path").
public enum FlatJSONReader {
    public enum Value: Equatable, Sendable {
        case string(String)
        case integer(Int)
        case bool(Bool)
        case strings([String])
        /// Only from the general path (`FlatJSONReader.flat`): the flat reader leaves a body with a null to it.
        case null
    }

    /// The object's members in the order written, a repeated key once with its last value; or nil.
    public static func object(_ bytes: some Collection<UInt8>) -> [(key: String, value: Value)]? {
        bytes.withContiguousStorageIfAvailable { read($0) } ?? read(Array(bytes))
    }

    private static func read(_ bytes: [UInt8]) -> [(key: String, value: Value)]? {
        bytes.withUnsafeBufferPointer { read($0) }
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> [(key: String, value: Value)]? {
        var reader = Reader(bytes: bytes)
        reader.skipSpace()
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        var members: [(key: String, value: Value)] = []
        members.reserveCapacity(8)
        reader.skipSpace()
        if !reader.take(UInt8(ascii: "}")) {
            repeat {
                reader.skipSpace()
                guard let key = reader.string() else { return nil }
                reader.skipSpace()
                guard reader.take(UInt8(ascii: ":")) else { return nil }
                reader.skipSpace()
                guard let value = reader.value() else { return nil }
                members.append((key, value))
                reader.skipSpace()
            } while reader.take(UInt8(ascii: ","))
            guard reader.take(UInt8(ascii: "}")) else { return nil }
        }
        reader.skipSpace()
        return reader.atEnd ? lastValues(members) : nil
    }

    /// A repeated key keeps only its last value, as JSONSerialization reads it; in linear time, pairwise for the
    /// few keys of a usual body.
    private static func lastValues(_ members: [(key: String, value: Value)]) -> [(key: String, value: Value)] {
        let repeated: Bool
        if members.count <= 8 {
            repeated = members.indices.contains { i in members[(i + 1)...].contains { $0.key == members[i].key } }
        } else {
            repeated = Set(members.map(\.key)).count < members.count
        }
        guard repeated else { return members }
        var seen = Set<String>()
        return members.reversed().filter { seen.insert($0.key).inserted }.reversed()
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// JSON's whitespace: space, tab, LF, CR.
        mutating func skipSpace() {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A
                    || bytes[index] == 0x0D
            {
                index += 1
            }
        }

        mutating func value() -> Value? {
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return string().map(Value.string)
            case UInt8(ascii: "t"):
                return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"):
                return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "["):
                return strings().map(Value.strings)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return integer().map(Value.integer)
            default:
                return nil
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let matched = word.withUTF8Buffer { word in
                index + word.count <= bytes.count
                    && UnsafeBufferPointer(rebasing: bytes[index..<index + word.count]).elementsEqual(word)
            }
            guard matched else { return false }
            index += word.utf8CodeUnitCount
            // `truex` is not JSON; the next byte must end the value.
            return index == bytes.count || !isWordByte(bytes[index])
        }

        /// `-?(0|[1-9][0-9]*)`, at most 15 digits (so exact, as JSONSerialization's Double holds it), and no
        /// fraction or exponent.
        mutating func integer() -> Int? {
            let negative = take(UInt8(ascii: "-"))
            let start = index
            var value = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
                guard index - start <= 15 else { return nil }
            }
            let digits = index - start
            guard digits > 0, !(digits > 1 && bytes[start] == UInt8(ascii: "0")) else { return nil }
            guard index == bytes.count || !isWordByte(bytes[index]) && bytes[index] != UInt8(ascii: ".") else {
                return nil
            }
            return negative ? -value : value
        }

        mutating func strings() -> [String]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var items: [String] = []
            skipSpace()
            if take(UInt8(ascii: "]")) { return items }
            repeat {
                skipSpace()
                guard let item = string() else { return nil }
                items.append(item)
                skipSpace()
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? items : nil
        }

        /// A string read by the one strict reader (`JSONStringReader`).
        mutating func string() -> String? { JSONStringReader.read(bytes, at: &index) }

        func isWordByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }
}
