import NIOCore

/// The chunks of an upload's body received since they were last handed to the thread pool, and their size: the
/// buffers themselves, never copied into one.
struct ChunkBatch {
    private var chunks: [ByteBuffer] = []
    /// The bytes the chunks hold.
    private(set) var byteCount: UInt64 = 0

    mutating func add(_ chunk: ByteBuffer) {
        chunks.append(chunk)
        byteCount += UInt64(chunk.readableBytes)
    }

    /// The chunks in the order they came, leaving the batch empty.
    mutating func take() -> [ByteBuffer] {
        defer {
            chunks = []
            byteCount = 0
        }
        return chunks
    }
}
