public import FlowCore

/// A medium of a draft's current revision as the API shows it; its position is its place in `media`, from 1.
public struct MediumView: Codable, Sendable, Equatable {
    /// Lower-case hex SHA-256 of the stored bytes.
    public var sha256: String
    /// `jpeg`, `png`, `webp`, `gif` or `mp4`, as sniffed from the bytes.
    public var type: String
    public var bytes: UInt64
    public var width: Int
    public var height: Int
    /// A video's length in milliseconds.
    public var durationMs: Int64?
    public var alt: String

    public init(
        sha256: String, type: String, bytes: UInt64, width: Int, height: Int, durationMs: Int64?, alt: String
    ) {
        self.sha256 = sha256
        self.type = type
        self.bytes = bytes
        self.width = width
        self.height = height
        self.durationMs = durationMs
        self.alt = alt
    }

    public init(_ medium: Medium) {
        self.init(
            sha256: medium.sha256, type: medium.kind.rawValue, bytes: medium.byteCount, width: medium.width,
            height: medium.height, durationMs: medium.durationMS, alt: medium.alt)
    }
}

extension MediumView: WireEncodable {
    public func writeJSON(to out: inout [UInt8]) {
        JSONObjectWriter.write(to: &out) { object in
            object.add("alt", alt)
            object.add("bytes", Int64(clamping: bytes))
            object.add("duration_ms", durationMs)
            object.add("height", Int64(height))
            object.add("sha256", sha256)
            object.add("type", type)
            object.add("width", Int64(width))
        }
    }
}

extension MediumView: WireObjectDecodable {
    public init(fields f: JSONFieldReader) throws {
        sha256 = try f.string("sha256")
        type = try f.string("type")
        bytes = UInt64(clamping: try f.int64("bytes"))
        width = try f.int("width")
        height = try f.int("height")
        durationMs = try f.optionalInt64("duration_ms")
        alt = try f.string("alt")
    }
}
