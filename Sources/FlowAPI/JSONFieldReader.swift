public import Foundation

/// One JSON object taken apart field by field, for the hand decoders of the answers flowctl reads: JSONDecoder's
/// generic machinery was a large part of flowctl's start-up. Keys are the wire's snake_case names; a null reads as
/// absent; a wrong type or a missing required field throws an error that names the field. Keys the reader never
/// asks for are ignored: an answer from a newer daemon may carry a field this flowctl does not know.
public struct JSONFieldReader {
    private let object: [String: Any]
    /// Where the object sits in the body (`approvals[0].`), for messages.
    private let path: String

    public init(jsonData: Data) throws {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: jsonData)
        } catch {
            throw WireDecodingError.malformed(by: error)
        }
        try self.init(value, path: "")
    }

    init(_ value: Any, path: String) throws {
        guard let object = value as? [String: Any] else {
            throw path.isEmpty
                ? WireDecodingError.malformed("not an object")
                : WireDecodingError.wrongType(String(path.dropLast()), expected: "an object")
        }
        self.object = object
        self.path = path
    }

    /// The field's value read by `read`; nil when absent or null. Throws when present but `read` refuses it.
    private func optional<T>(_ key: String, _ expected: String, _ read: (Any) -> T?) throws -> T? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let typed = read(value) else { throw WireDecodingError.wrongType(path + key, expected: expected) }
        return typed
    }

    private func required<T>(_ key: String, _ expected: String, _ read: (Any) -> T?) throws -> T {
        guard let value = try optional(key, expected, read) else { throw WireDecodingError.missing(path + key) }
        return value
    }

    public func string(_ key: String) throws -> String { try required(key, "a string") { $0 as? String } }

    public func optionalString(_ key: String) throws -> String? { try optional(key, "a string") { $0 as? String } }

    public func int(_ key: String) throws -> Int { try required(key, "an integer", FlatJSONReader.integer) }

    public func optionalInt(_ key: String) throws -> Int? { try optional(key, "an integer", FlatJSONReader.integer) }

    public func int64(_ key: String) throws -> Int64 { Int64(try int(key)) }

    public func optionalInt64(_ key: String) throws -> Int64? { try optionalInt(key).map(Int64.init) }

    public func bool(_ key: String, default fallback: Bool) throws -> Bool {
        try optional(key, "a boolean") {
            ($0 as? NSNumber).flatMap { FlatJSONReader.isBoolean($0) ? $0.boolValue : nil }
        }
            ?? fallback
    }

    public func date(_ key: String) throws -> Date { try required(key, "an ISO-8601 time", Self.date) }

    public func optionalDate(_ key: String) throws -> Date? { try optional(key, "an ISO-8601 time", Self.date) }

    public func strings(_ key: String) throws -> [String] { try required(key, "a list of strings") { $0 as? [String] } }

    public func strings(_ key: String, default fallback: [String]) throws -> [String] {
        try optional(key, "a list of strings") { $0 as? [String] } ?? fallback
    }

    public func stringMap(_ key: String) throws -> [String: String] {
        try required(key, "an object of strings") { $0 as? [String: String] }
    }

    public func value<T: RawRepresentable<String>>(_ key: String, as type: T.Type = T.self) throws -> T {
        try required(key, "one of the known names") { ($0 as? String).flatMap(T.init(rawValue:)) }
    }

    public func optionalValue<T: RawRepresentable<String>>(_ key: String, as type: T.Type = T.self) throws -> T? {
        try optional(key, "one of the known names") { ($0 as? String).flatMap(T.init(rawValue:)) }
    }

    /// A list of objects, each read by `make`; `fallback` when absent, or a missing-field error without one.
    public func objects<T>(_ key: String, default fallback: [T]? = nil, _ make: (JSONFieldReader) throws -> T) throws
        -> [T]
    {
        guard let list = try optional(key, "a list of objects", { $0 as? [Any] }) else {
            guard let fallback else { throw WireDecodingError.missing(path + key) }
            return fallback
        }
        return try list.enumerated().map { try make(JSONFieldReader($1, path: "\(path)\(key)[\($0)].")) }
    }

    private static func date(_ value: Any) -> Date? { (value as? String).flatMap(WireJSON.parseDate) }
}

/// A wire type read only by its hand decoder, from the object `JSONFieldReader` gives.
public protocol WireObjectDecodable: WireDecodable {
    init(fields: JSONFieldReader) throws
}

extension WireObjectDecodable {
    public init(jsonData: Data) throws { try self.init(fields: JSONFieldReader(jsonData: jsonData)) }
}
