import FlowAPI
import FlowConfig
import FlowCore
import FlowStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The body of `GET /v1/events`: one JSON event per line (`application/x-ndjson`), as they commit.
///
/// A producer task reads the feed and hands lines to the connection's writer through a queue it keeps short:
/// a follower that stops reading is not buffered without bound. Past `maxQueuedBytes` unsent it gets a last
/// line saying so (with the id to resume from) and the stream ends; a connection that does not even take
/// that within `dropGrace` is closed.
enum EventStream {
    static let maxQueuedBytes = 4 << 20
    static let dropGrace: Duration = .seconds(10)
    static let heartbeatSeconds = 15.0
    /// A live follower is sent what committed at most this often: many commits a second become a few writes.
    static let coalesce: Duration = .milliseconds(25)
    /// Events read at once, from memory or the store: a full page means more are waiting, so no pause.
    static let page = 1000

    static func response(
        _ wanted: EventStreamRequest, feed: EventFeed, channel: any Channel, logger: Logger
    ) -> Response {
        let body = ResponseBody { writer in
            let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
            let queued = QueueDepth()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    await produce(wanted, feed: feed, into: continuation, queued: queued, logger: logger)
                    // Dropped or done: give the writer a moment to pass the last line on, then close.
                    try? await Task.sleep(for: dropGrace)
                    if !Task.isCancelled { channel.close(promise: nil) }
                }
                for await buffer in stream {
                    let bytes = buffer.readableBytes
                    try await writer.write(buffer)
                    queued.taken(bytes)
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: body)
    }

    private static func produce(
        _ wanted: EventStreamRequest, feed: EventFeed, into output: AsyncStream<ByteBuffer>.Continuation,
        queued: QueueDepth, logger: Logger
    ) async {
        defer { output.finish() }
        var cursor = wanted.since
        var shown = wanted.resumeFrom
        if wanted.follow { feed.followerStarted() }
        defer { if wanted.follow { feed.followerEnded() } }
        // Without followers the feed's head lags the store: a listing ends at the store's newest event.
        let end: Int64
        if wanted.follow {
            end = Int64.max
        } else {
            do { end = try await feed.store.lastEventID() } catch {
                logger.error("an event stream could not read the store", metadata: ["error": "\(error)"])
                return
            }
        }
        let encoder = WireJSON.encoder()
        while !Task.isCancelled && !feed.isClosed && cursor < end {
            let seen = feed.changes.generation
            let batch: [FeedEntry]
            // A listing reads the store when memory has nothing more: the tailer may not have caught up yet.
            if let recent = feed.recent(after: cursor, limit: page), wanted.follow || !recent.isEmpty {
                batch = recent
            } else {
                do {
                    batch = try await feed.store.events(after: cursor, limit: page).map(FeedEntry.init)
                } catch {
                    logger.error("an event stream could not read the store", metadata: ["error": "\(error)"])
                    return
                }
            }
            if batch.isEmpty {
                if !wanted.follow { return }
                await feed.changes.wait(since: seen, atMost: heartbeatSeconds)
                // Nothing new for a while: an empty line tells a reader the stream is alive, and shows us
                // whether it still is.
                if feed.changes.generation == seen { output.yield(ByteBuffer(string: "\n")) }
                continue
            }
            // The last event the reader was handed: a dropped reader resumes from there. Not the cursor, which may
            // be an event of a client the reader may not see.
            let handed = shown
            var buffer = ByteBuffer()
            let scope = wanted.scopeNow()
            for entry in batch where entry.logged.event.id <= end {
                cursor = entry.logged.event.id
                if wanted.shows(entry.logged, within: scope) {
                    buffer.writeBytes(entry.line)
                    shown = cursor
                }
            }
            if batch.last.map({ $0.logged.event.id > end }) ?? false { cursor = end }
            guard buffer.readableBytes > 0 else { continue }
            if queued.added(buffer.readableBytes) > maxQueuedBytes {
                logger.notice("event follower dropped: it stopped reading", metadata: ["resume_after": "\(handed)"])
                let message = ErrorEnvelope(
                    code: .tooManyRequests,
                    message: "dropped: this follower stopped reading; resume with --since \(handed)")
                if let line = try? encoder.encode(message) { output.yield(ByteBuffer(bytes: line + [10])) }
                return
            }
            output.yield(buffer)
            if wanted.follow && batch.count < page { try? await Task.sleep(for: coalesce) }
        }
    }
}

/// Bytes handed to a stream's writer and not yet written.
final class QueueDepth: Sendable {
    private let bytes = Atomic<Int>(0)

    /// `count` more queued; returns how many bytes are queued now.
    func added(_ count: Int) -> Int { bytes.add(count, ordering: .relaxed).newValue }

    func taken(_ count: Int) { bytes.subtract(count, ordering: .relaxed) }
}
