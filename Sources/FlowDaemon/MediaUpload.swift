import FlowCore
import Foundation

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
    private var byteCount: UInt64 = 0
    /// Where the bytes whose writeback has not been asked for begin.
    private var unwritten: UInt64 = 0
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

    /// Writes the next bytes, which a `MediaJudge` has taken.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        byteCount += UInt64(bytes.count)
        try MediaDisk.writeAll(fd, bytes, path: path)
        if byteCount - unwritten >= Self.writebackBytes { startWriteback() }
    }

    /// Asks the kernel to start writing out what has been written since the last time, without waiting: left to
    /// the final fsync, hundreds of megabytes would go to the disk at once, and every commit of the database queued
    /// behind them. `POSIX_FADV_DONTNEED` starts the writeback of the range's dirty pages and drops its clean ones
    /// (the window before, written out by now), so an upload does not fill the page cache either. Advice only: the
    /// fsync in `syncAndClose` is what makes the file durable.
    private func startWriteback() {
        let from = unwritten >= Self.writebackBytes ? unwritten - Self.writebackBytes : 0
        _ = posix_fadvise(fd, off_t(from), off_t(byteCount - from), POSIX_FADV_DONTNEED)
        unwritten = byteCount
    }

    /// A second upload holding only `ranges` of this file, judged afresh as it is written, with what it is and its
    /// hash: how location metadata is dropped, since the bytes that move into the first kilobyte are read by the
    /// polyglot rule again.
    func copy(_ ranges: [Range<UInt64>], in directory: String, limits: MediaLimits) throws -> (
        MediaUpload, MediaFacts, String
    ) {
        let copy = try MediaUpload(in: directory)
        var judge = MediaJudge(limits: limits)
        do {
            for range in ranges {
                var offset = range.lowerBound
                while offset < range.upperBound {
                    let count = Int(min(range.upperBound - offset, UInt64(Self.copyChunk)))
                    let bytes = try MediaDisk.read(from: fd, at: offset, count: count, path: path)
                    guard bytes.count == count else { throw MediaStoreError("read", path, errno: EIO) }
                    try bytes.withUnsafeBytes {
                        try judge.take($0)
                        try copy.write($0)
                    }
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

    /// How many bytes are written before their writeback is started.
    static let writebackBytes: UInt64 = 2 << 20
}
