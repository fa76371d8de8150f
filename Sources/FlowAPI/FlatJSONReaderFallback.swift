public import Foundation

/// How the hand readers (`ActionRequest(jsonData:)`, `JSONFieldReader`, the daemon's webhook bodies) take values from
/// JSONSerialization's output the way JSONDecoder would read them.
extension FlatJSONReader {
    /// An integer, as JSONDecoder reads one into an Int: not a boolean, and exact. Read through a Double, which holds
    /// integers exactly only up to 2^53; past that, nil (the wrong type): no id or revision comes near it.
    public static func integer(_ value: Any) -> Int? {
        guard let number = value as? NSNumber, !isBoolean(number), let int = Int(exactly: number.doubleValue),
            int.magnitude < 1 << 53
        else { return nil }
        return int
    }

    /// JSONSerialization gives `true` and `false` as NSNumbers of type char, and never a number so.
    public static func isBoolean(_ number: NSNumber) -> Bool { number.objCType.pointee == CChar(UInt8(ascii: "c")) }

    /// Hands each member of the JSON object in `data` to `take`, read by `FlatJSONReader` when the body is flat and by
    /// JSONSerialization otherwise, a repeated key once with its last value either way. Throws what `take` throws,
    /// or a malformed-JSON error when `data` is not an object.
    public static func members(
        of data: Data, _ take: (String, FlatJSONReader.Value?) throws(WireDecodingError) -> Void
    ) throws(WireDecodingError) {
        if let members = FlatJSONReader.object(data) {
            for member in members { try take(member.key, member.value) }
            return
        }
        let object: [String: Any]
        do {
            guard let read = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw WireDecodingError.malformed("not an object")
            }
            object = read
        } catch let error as WireDecodingError {
            throw error
        } catch {
            throw WireDecodingError.malformed(by: error)
        }
        for (key, value) in object { try take(key, flat(value)) }
    }

    /// A value of JSONSerialization's output as the flat reader would give it, by the rules above; nil for any other
    /// kind (a fraction, an object, an array of other things).
    public static func flat(_ value: Any) -> FlatJSONReader.Value? {
        if value is NSNull { return .null }
        if let text = value as? String { return .string(text) }
        if let number = value as? NSNumber {
            if isBoolean(number) { return .bool(number.boolValue) }
            return integer(number).map(FlatJSONReader.Value.integer)
        }
        if let list = value as? [String] { return .strings(list) }
        return nil
    }
}
