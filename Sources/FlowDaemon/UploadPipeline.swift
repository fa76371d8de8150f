import FlowCore
import NIOCore
import NIOPosix

/// An upload's body received, judged and written at once, each on a thread of its own: while the event loop reads the
/// next batch, the one before is judged and hashed (`MediaJudge`, on Swift's pool) and the one before that written
/// (`MediaUpload`, on `MediaFiles.uploads`). One after the other, a core sat idle while the other hashed.
///
/// A batch is the body's own read buffers, never copied (copying them into buffers of the pipeline's own cost as much
/// as a third of the hashing). At most `batches` are between the stages at once, each a credit the writer gives back,
/// so an upload holds about `batches` × `batchBytes` however large it is (and the writer up to `MediaUpload.alignment`
/// more, the end of a batch that waits for the next). A batch is written only after the judge
/// took it, so a refused file stops before its refused bytes reach the disk.
enum UploadPipeline {
    /// How many bytes go from stage to stage at once: a hop to another thread for each read of a slow client would
    /// cost more than the work.
    static let batchBytes = 1 << 20
    /// One being received, one judged, one written.
    static let batches = 3

    /// Receives `body` into `file`; returns what the judge found the whole file to be, and its SHA-256. Throws
    /// `MediaRefusal` for a file flowd does not take (on its first read, which goes alone, if its type is wrong) or
    /// a body cut off, and `MediaStoreError` for the disk's failures.
    static func run<Body: AsyncSequence>(
        _ body: Body, into file: MediaUpload, limits: MediaLimits
    ) async throws -> (MediaFacts, String) where Body.Element == ByteBuffer {
        let (received, toJudge) = AsyncStream.makeStream(of: [ByteBuffer].self)
        let (judged, toWrite) = AsyncStream.makeStream(of: [ByteBuffer].self)
        let (credits, credited) = AsyncStream.makeStream(of: Void.self)
        for _ in 0..<batches { credited.yield() }
        return try await withThrowingTaskGroup(of: (MediaFacts, String)?.self) { group in
            group.addTask {
                // Whatever ends the judge ends the writer after the batches it was given, and the receiver.
                defer {
                    toWrite.finish()
                    credited.finish()
                }
                var judge = MediaJudge(limits: limits)
                for await batch in received {
                    for chunk in batch { try chunk.withUnsafeReadableBytes { try judge.take($0) } }
                    toWrite.yield(batch)
                }
                return try judge.finish()
            }
            group.addTask {
                defer { credited.finish() }
                for await batch in judged {
                    try await MediaFiles.uploads.runIfActive { try file.write(batch) }
                    credited.yield()
                }
                return nil
            }
            defer { toJudge.finish() }
            try await receive(body, given: credits, then: toJudge)
            toJudge.finish()
            var verdict: (MediaFacts, String)?
            for try await result in group where result != nil { verdict = result }
            guard let verdict else { throw CancellationError() }
            return verdict
        }
    }

    /// Gathers the body's reads into batches, one for each credit, and hands each on; stops early when the credits
    /// end (a stage failed, and says why).
    private static func receive<Body: AsyncSequence>(
        _ body: Body, given credits: AsyncStream<Void>, then next: AsyncStream<[ByteBuffer]>.Continuation
    ) async throws where Body.Element == ByteBuffer {
        var credits = credits.makeAsyncIterator()
        var chunks = body.makeAsyncIterator()
        var count: UInt64 = 0
        while await credits.next() != nil {
            var batch: [ByteBuffer] = []
            var size = 0
            while size < batchBytes {
                guard let chunk = try await Self.next(&chunks, after: count) else {
                    if size > 0 { next.yield(batch) }
                    return
                }
                count += UInt64(chunk.readableBytes)
                size += chunk.readableBytes
                batch.append(chunk)
                // The first read goes alone, so a file of the wrong type is refused on its first bytes.
                if count == UInt64(size) { break }
            }
            next.yield(batch)
        }
    }

    /// The body's next chunk; a body that fails midway is an upload cut off.
    private static func next<Chunks: AsyncIteratorProtocol>(
        _ chunks: inout Chunks, after count: UInt64
    ) async throws -> ByteBuffer? where Chunks.Element == ByteBuffer {
        do {
            return try await chunks.next()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw MediaRefusal("the upload was cut off after \(count) bytes")
        }
    }
}
