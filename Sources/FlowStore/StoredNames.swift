/// The stored text of an enum's cases, matched against a column's bytes without making a String: a scan over a
/// million events otherwise spends more time in String's switch than in SQLite. Each name is compared by its
/// length and its first eight bytes as one integer, and the rest (if any) byte by byte.
struct StoredNames<Value: RawRepresentable & CaseIterable & Sendable>: Sendable where Value.RawValue == String {
    private let names: [(count: Int, head: UInt64, tail: [UInt8], value: Value)] = Value.allCases.map {
        let bytes = Array($0.rawValue.utf8)
        return (bytes.count, bytes.withUnsafeBufferPointer { Self.head($0) }, Array(bytes.dropFirst(8)), $0)
    }

    private static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<min(8, bytes.count) { value |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        return value
    }

    func callAsFunction(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        let head = Self.head(bytes)
        for name in names where name.count == bytes.count && name.head == head {
            if name.tail.isEmpty || name.tail.elementsEqual(bytes[8...]) { return name.value }
        }
        return nil
    }
}
