import CSystemCalls
import FlowCore
import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// One upload's temporary file under `media/tmp/` as its bytes arrive, written a batch at a time once a `MediaJudge`
/// has taken them (`UploadPipeline`), so the file is never whole in memory.
///
/// Its methods block (they write the disk) and run on `NIOThreadPool`, one at a time: the caller awaits each before
/// it calls the next, so no two threads touch the object at once, which is what makes it `@unchecked Sendable`.
final class MediaUpload: @unchecked Sendable {
    let path: String
    private let fd: Int32
    /// How many bytes are in the file.
    private var byteCount: UInt64 = 0
    /// Bytes taken but not yet written, those past the last whole `alignment` of the file (`write`).
    private var pending: [ByteBuffer] = []
    /// Where the bytes whose writeback has not been asked for begin.
    private var unwritten: UInt64 = 0
    /// The last window whose writeback was started and not yet awaited.
    private var onTheWay: Range<UInt64>?
    private var closed = false

    /// A new, empty file of a name no other upload has, readable and writable by the service alone.
    init(in directory: String) throws {
        var name: String
        var fd: Int32
        repeat {
            name = directory + "/" + hex((0..<16).map { _ in UInt8.random(in: 0...255) }) + ".part"
            fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        } while fd < 0 && errno == EEXIST
        guard fd >= 0 else { throw MediaStoreError("create", name) }
        self.path = name
        self.fd = fd
    }

    deinit { if !closed { close(fd) } }

    /// Writes the next bytes, which a `MediaJudge` has taken, up to the last whole `alignment` of the file; the
    /// rest waits for the next call, a `copy` or `syncAndClose`. The socket's reads end anywhere, and a write that
    /// begins and ends on such a boundary lets the page cache take it in large pieces: it cost less CPU per upload
    /// (docs/benchmarks.md, "Media uploads"). The buffers are held, never copied.
    func write(_ batch: [ByteBuffer]) throws {
        pending.append(contentsOf: batch)
        let held = pending.reduce(0) { $0 + UInt64($1.readableBytes) }
        let end = (byteCount + held) / Self.alignment * Self.alignment
        guard end > byteCount else { return }
        var now = Int(end - byteCount)
        var ready: [ByteBuffer] = []
        var later: [ByteBuffer] = []
        for var buffer in pending {
            if now > 0 {
                let part = min(now, buffer.readableBytes)
                ready.append(buffer.readSlice(length: part)!)
                now -= part
            }
            if buffer.readableBytes > 0 { later.append(buffer) }
        }
        pending = later
        try writeNow(ready)
    }

    /// Writes what `write` held back: the file is whole.
    private func flush() throws {
        try writeNow(pending)
        pending = []
    }

    private func writeNow(_ buffers: [ByteBuffer]) throws {
        try MediaDisk.writeAll(fd, buffers, path: path)
        byteCount += buffers.reduce(0) { $0 + UInt64($1.readableBytes) }
        if byteCount - unwritten >= Self.writebackBytes { try writeBehind() }
    }

    /// Sends the window written since the last call to the disk without waiting, then waits for the window before
    /// it and drops that one, clean now, from the page cache: at most two windows are ever on their way to the disk.
    /// Left to the final fsync, hundreds of megabytes would go to the disk at once; only started, a disk slower than
    /// the upload for a moment let them queue up; either way every commit of the database waited behind them
    /// (writeback.c). The fsync in `syncAndClose` is still what makes the file durable.
    private func writeBehind() throws {
        let window = unwritten..<byteCount
        _ = flowd_start_writeback(fd, Int64(window.lowerBound), Int64(window.count))
        if let before = onTheWay {
            guard flowd_finish_writeback(fd, Int64(before.lowerBound), Int64(before.count)) == 0 else {
                throw MediaStoreError("write out", path)
            }
            _ = posix_fadvise(fd, off_t(before.lowerBound), off_t(before.count), POSIX_FADV_DONTNEED)
        }
        onTheWay = window
        unwritten = byteCount
    }

    /// A second upload holding only `ranges` of this file, judged afresh as it is written, with what it is and its
    /// hash: how location metadata is dropped, since the bytes that move into the first kilobyte are read by the
    /// polyglot rule again.
    func copy(_ ranges: [Range<UInt64>], in directory: String, limits: MediaLimits) throws -> (
        MediaUpload, MediaFacts, String
    ) {
        try flush()
        let copy = try MediaUpload(in: directory)
        var judge = MediaJudge(limits: limits)
        do {
            for range in ranges {
                var offset = range.lowerBound
                while offset < range.upperBound {
                    let count = Int(min(range.upperBound - offset, UInt64(Self.copyChunk)))
                    let bytes = try MediaDisk.read(from: fd, at: offset, count: count, path: path)
                    guard bytes.count == count else { throw MediaStoreError("read", path, errno: EIO) }
                    try bytes.withUnsafeBytes { try judge.take($0) }
                    try copy.write([ByteBuffer(bytes: bytes)])
                    offset += UInt64(count)
                }
            }
            let (facts, sha256) = try judge.finish()
            return (copy, facts, sha256)
        } catch {
            copy.discard()
            throw error
        }
    }

    /// Makes the bytes durable and closes the file, before it is renamed to its address.
    func syncAndClose() throws {
        try flush()
        guard fsync(fd) == 0 else { throw MediaStoreError("sync", path) }
        closed = true
        guard close(fd) == 0 else { throw MediaStoreError("close", path) }
    }

    /// Closes and removes the file: the upload was refused or failed, or was copied without its location.
    func discard() {
        if !closed {
            closed = true
            close(fd)
        }
        try? MediaDisk.remove(path)
    }

    /// How much of the file a copy reads at once.
    static let copyChunk = 64 * 1024

    /// The boundary `write` ends its writes on.
    static let alignment: UInt64 = 1 << 20

    /// How many bytes are written before their writeback is started.
    static let writebackBytes: UInt64 = 2 << 20
}
