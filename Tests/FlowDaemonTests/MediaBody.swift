import Foundation
import NIOCore

/// An upload's body as Hummingbird's `RequestBody` gives it, made as it is read so that a large one is never in
/// memory: `prefix`, then `zeros` zero bytes, in chunks of `chunk` bytes; with `failAfter`, the body throws once
/// that many bytes were given, as a connection cut midway does.
struct MediaBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    var prefix: [UInt8]
    var zeros = 0
    var chunk = 64 * 1024
    var failAfter: Int?

    struct CutOff: Error {}

    struct AsyncIterator: AsyncIteratorProtocol {
        let body: MediaBody
        var offset = 0

        mutating func next() async throws -> ByteBuffer? {
            let total = body.prefix.count + body.zeros
            if let failAfter = body.failAfter, offset >= failAfter { throw CutOff() }
            guard offset < total else { return nil }
            let end = Swift.min(total, offset + body.chunk, body.failAfter ?? .max)
            var buffer = ByteBuffer()
            buffer.reserveCapacity(end - offset)
            if offset < body.prefix.count {
                buffer.writeBytes(body.prefix[offset..<Swift.min(end, body.prefix.count)])
            }
            buffer.writeRepeatingByte(0, count: end - offset - buffer.readableBytes)
            offset = end
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: self) }

    /// A fixture from Tests/FlowCoreTests/Fixtures, read where it lies.
    static func fixture(_ name: String) throws -> [UInt8] {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FlowCoreTests/Fixtures")
        return Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }
}
