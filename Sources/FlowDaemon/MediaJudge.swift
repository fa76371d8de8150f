import Crypto
import FlowCore

/// What an upload is, judged as its bytes pass, before they are written: the sniffer's verdict, the size limit of
/// the type it found, and the SHA-256 of every byte. Holds no bytes itself.
struct MediaJudge {
    private let limits: MediaLimits
    private var sniffer = MediaSniffer()
    private var hasher = SHA256()
    private(set) var byteCount: UInt64 = 0

    init(limits: MediaLimits) { self.limits = limits }

    /// The next bytes: refused (`MediaRefusal`) as soon as they make the file something flowd does not take or
    /// larger than its type's limit.
    mutating func take(_ bytes: UnsafeRawBufferPointer) throws {
        try sniffer.feed(bytes)
        byteCount += UInt64(bytes.count)
        if let kind = sniffer.kind {
            guard byteCount <= limits.maxBytes(for: kind) else { throw limits.tooLarge(kind) }
        } else if byteCount > limits.maxAnyBytes {
            throw MediaRefusal("the file is larger than any medium flowd takes")
        }
        hasher.update(bufferPointer: bytes)
    }

    /// The stream ended: what the file is, and the lower-case hex SHA-256 of its bytes.
    func finish() throws -> (MediaFacts, String) {
        var sniffer = sniffer
        let facts = try sniffer.finish()
        return (facts, hex(hasher.finalize()))
    }
}
