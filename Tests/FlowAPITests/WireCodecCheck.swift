import FlowAPI
import Foundation

/// How a hand codec is held against its Codable oracle: the stored properties by name (Mirror), and the oracle's
/// JSON read by the hand decoder and written again by the hand encoder, member by member.
enum WireCodecCheck {
    /// The stored properties only one of the two has, sorted: a field added to the oracle and not to the wire type
    /// (or the other way round) is named here.
    static func unmatchedFields(wire: Any, oracle: Any) -> [String] {
        let wireFields = Set(Mirror(reflecting: wire).children.compactMap(\.label))
        let oracleFields = Set(Mirror(reflecting: oracle).children.compactMap(\.label))
        return wireFields.symmetricDifference(oracleFields).sorted()
    }

    /// The oracle's JSON, as the daemon's conventions write it.
    static func json(_ oracle: some Encodable) throws -> Data { try WireJSON.encoder().encode(oracle) }

    /// The top-level members whose values differ between the oracle's JSON and what the hand codec makes of it
    /// (read by `W`'s decoder, written by its encoder), sorted: a member the decoder drops or the encoder leaves
    /// out is named here.
    static func roundTripDifferences<W: WireDecodable & WireEncodable>(_ oracle: some Encodable, as type: W.Type)
        throws -> [String]
    {
        let expected = try json(oracle)
        return try differences(expected, Data(try W(jsonData: expected).jsonBytes))
    }

    /// The top-level members of two JSON objects that differ, sorted.
    static func differences(_ expected: Data, _ actual: Data) throws -> [String] {
        let left = try object(expected)
        let right = try object(actual)
        return Set(left.keys).union(right.keys).filter { key in
            (try? canonical(left[key])) != (try? canonical(right[key]))
        }.sorted()
    }

    static func object(_ data: Data) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        return object
    }

    /// JSON text with sorted keys: texts with the same content give the same bytes, whatever each writer escaped.
    static func canonical(_ value: Any?) throws -> String {
        guard let value else { return "absent" }
        return String(
            decoding: try JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]), as: UTF8.self)
    }

    static func canonical(_ data: Data) throws -> String {
        try canonical(try JSONSerialization.jsonObject(with: data))
    }
}
