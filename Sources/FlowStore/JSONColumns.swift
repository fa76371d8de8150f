import FlowCore
import Foundation

/// Hand-written JSON for the small columns (string lists, string maps): Foundation's coders dominate the cost
/// of a transition otherwise. Reads anything JSONEncoder wrote (including `\/` and `\u` escapes), and nothing that
/// is not strict JSON (`JSONStringReader`).
enum JSONColumns {
    // Each writes bytes and makes one String at the end: appending quoted pieces to a String went through
    // String's own append per piece, costly for every quoted string (bench/instructions, webhooks).
    static func encode(_ strings: [String]) -> String {
        if strings.isEmpty { return "[]" }
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, string) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.quote(string, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    static func encode(_ map: [String: String]) -> String {
        if map.isEmpty { return "{}" }
        var out: [UInt8] = [UInt8(ascii: "{")]
        for member in map.sorted(by: { $0.key < $1.key }) { self.member(member.key, member.value, into: &out) }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// One `"key":"value"` of a string object that `out` opens with `{`, after a comma unless it is the first.
    static func member(_ key: String, _ value: String, into out: inout [UInt8]) {
        if out.count > 1 { out.append(UInt8(ascii: ",")) }
        JSONValue.quote(key, into: &out)
        out.append(UInt8(ascii: ":"))
        JSONValue.quote(value, into: &out)
    }

    static func encode(_ approvals: [Approval]) -> String {
        if approvals.isEmpty { return "[]" }
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, approval) in approvals.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: "{\"at\":\(approval.at.millis),\"revision\":\(approval.revision),\"user\":".utf8)
            JSONValue.quote(approval.user, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// A revision's media, each as `{"sha256":…,"kind":…,"bytes":…,"width":…,"height":…,"duration_ms":…,"alt":…}`
    /// (no `duration_ms` for a picture).
    static func encode(_ media: [Medium]) -> String {
        if media.isEmpty { return "[]" }
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, medium) in media.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: "{\"sha256\":".utf8)
            JSONValue.quote(medium.sha256, into: &out)
            out.append(contentsOf: ",\"kind\":\"\(medium.kind.rawValue)\",\"bytes\":\(medium.byteCount)".utf8)
            out.append(contentsOf: ",\"width\":\(medium.width),\"height\":\(medium.height)".utf8)
            if let duration = medium.durationMS { out.append(contentsOf: ",\"duration_ms\":\(duration)".utf8) }
            out.append(contentsOf: ",\"alt\":".utf8)
            JSONValue.quote(medium.alt, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Read off the draft's row with every list: Foundation's decoder only for the rows that have media.
    static func media(_ text: String) throws -> [Medium] {
        if text == "[]" { return [] }
        struct Stored: Decodable {
            var sha256: String
            var kind: MediaKind
            var bytes: UInt64
            var width: Int
            var height: Int
            var durationMS: Int64?
            var alt: String

            enum CodingKeys: String, CodingKey {
                case sha256, kind, bytes, width, height, alt
                case durationMS = "duration_ms"
            }
        }
        return try JSONDecoder().decode([Stored].self, from: Data(text.utf8)).map {
            Medium(
                sha256: $0.sha256, kind: $0.kind, byteCount: $0.bytes, width: $0.width, height: $0.height,
                durationMS: $0.durationMS, alt: $0.alt)
        }
    }

    /// A ladder step as a timer stores it: the keys and duration texts of config.toml.
    static func encode(_ step: LadderStep) -> String {
        var map = ["after": step.after.description, "action": step.action.rawValue]
        if let to = step.to { map["to"] = to }
        if let every = step.every { map["every"] = every.description }
        if let max = step.max { map["max"] = "\(max)" }
        return encode(map)
    }

    static func ladderStep(_ text: String) -> LadderStep? {
        guard let map = try? self.map(text), let after = map["after"].flatMap(TimeSpan.init),
            let action = map["action"].flatMap(StepAction.init(rawValue:))
        else { return nil }
        return LadderStep(
            after: after, action: action, to: map["to"], every: map["every"].flatMap(TimeSpan.init),
            max: map["max"].flatMap { Int($0) })
    }

    struct Malformed: Error {}

    static func strings(_ text: String) throws -> [String] {
        if text == "[]" { return [] }
        var parser = Parser(Array(text.utf8))
        return try parser.stringArray()
    }

    static func map(_ text: String) throws -> [String: String] {
        if text == "{}" { return [:] }
        var parser = Parser(Array(text.utf8))
        return try parser.stringMap()
    }

    static func approvals(_ text: String) throws -> [Approval] {
        if text == "[]" { return [] }
        struct Stored: Decodable {
            var user: String
            var revision: Int
            var at: Double
        }
        return try JSONDecoder().decode([Stored].self, from: Data(text.utf8)).map {
            Approval(user: $0.user, revision: $0.revision, at: Date(timeIntervalSince1970: $0.at / 1000))
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x0a, 0x0d, 0x09].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { throw Malformed() }
            index += 1
        }

        mutating func peek(_ byte: UInt8) -> Bool {
            skipSpace()
            return index < bytes.count && bytes[index] == byte
        }

        mutating func stringArray() throws -> [String] {
            try expect(UInt8(ascii: "["))
            var out: [String] = []
            if peek(UInt8(ascii: "]")) {
                index += 1
                return out
            }
            repeat {
                out.append(try string())
            } while try separator(closing: UInt8(ascii: "]"))
            return out
        }

        mutating func stringMap() throws -> [String: String] {
            try expect(UInt8(ascii: "{"))
            var out: [String: String] = [:]
            if peek(UInt8(ascii: "}")) {
                index += 1
                return out
            }
            repeat {
                let key = try string()
                try expect(UInt8(ascii: ":"))
                out[key] = try string()
            } while try separator(closing: UInt8(ascii: "}"))
            return out
        }

        /// True after a comma, false after the closing bracket.
        mutating func separator(closing: UInt8) throws -> Bool {
            skipSpace()
            guard index < bytes.count else { throw Malformed() }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ",") { return true }
            if byte == closing { return false }
            throw Malformed()
        }

        /// Through the one strict string reader: a column holds only what our writers wrote, so an escape JSON
        /// does not have (`\\q`), a lone surrogate or invalid UTF-8 means the column is damaged.
        mutating func string() throws -> String {
            skipSpace()
            var at = index
            guard let string = bytes.withUnsafeBufferPointer({ JSONStringReader.read($0, at: &at) }) else {
                throw Malformed()
            }
            index = at
            return string
        }
    }
}
