import FlowCore
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// The media's files: content-addressed under `<the database's directory>/media/`, each named by the SHA-256 of its
/// bytes as `ab/cdef…` (two hex digits, then the other sixty-two), so the same picture attached twice is one file
/// and a revision's hash names its file.
///
/// An upload streams into `media/tmp/` and is judged as it arrives (`receive`); only a whole file that flowd takes
/// is synced and renamed to its address, and the directory that names it synced, so a crash leaves either no
/// file or a complete one there. Every call that touches the disk runs on a thread pool (`uploads`), never on an
/// event loop.
struct MediaFiles: Sendable {
    /// `<the database's directory>/media`.
    let root: String

    init(database: String) {
        root = URL(fileURLWithPath: database).deletingLastPathComponent().path + "/media"
    }

    init(root: String) { self.root = root }

    /// Where the file of a medium with this hash lies; nil for text that is not a hash, so no request names a
    /// path of its own.
    func path(of sha256: String) -> String? {
        guard Medium.isSHA256(sha256) else { return nil }
        return root + "/" + sha256.prefix(2) + "/" + sha256.dropFirst(2)
    }

    /// Where uploads are written until they are judged whole.
    var temporaryDirectory: String { root + "/tmp" }

    /// Keeps an upload as it streams in, a batch at a time (`UploadPipeline`), never whole in memory. Throws
    /// `MediaRefusal` for what flowd does not take: not an image or video of its types (or a polyglot), truncated or
    /// malformed, past `limits` for its type (within a batch, `UploadPipeline.batchBytes`, of the bytes passing it,
    /// and before they are written), empty, or cut off (the body throws). A refused or failed upload leaves no file
    /// behind. Location metadata (`MediaFacts.locationRanges`) is dropped unless `keepLocation`, and the medium is
    /// what the stored bytes are. Disk failures throw `MediaStoreError`.
    func receive<Body: AsyncSequence>(
        _ body: Body, limits: MediaLimits, keepLocation: Bool
    ) async throws -> StoredMedium where Body.Element == ByteBuffer {
        let pool = Self.uploads
        let (root, temporary) = (root, temporaryDirectory)
        let upload = try await pool.runIfActive {
            try Self.prepare(root: root)
            return try MediaUpload(in: temporary)
        }
        var kept = upload
        do {
            var (facts, sha256) = try await UploadPipeline.run(body, into: upload, limits: limits)
            if !facts.locationRanges.isEmpty && !keepLocation {
                let ranges = facts.keptRanges
                (kept, facts, sha256) = try await pool.runIfActive {
                    defer { upload.discard() }
                    return try upload.copy(ranges, in: temporary, limits: limits)
                }
            }
            guard let path = path(of: sha256) else { throw MediaStoreError("name", sha256, errno: EINVAL) }
            try await pool.runIfActive { [kept] in
                try kept.syncAndClose()
                try Self.place(kept.path, at: path, root: root)
            }
            return StoredMedium(medium: Medium(sha256: sha256, facts: facts), path: path)
        } catch {
            try? await pool.runIfActive { [kept] in
                upload.discard()
                kept.discard()
            }
            throw error
        }
    }

    /// `media/` and `media/tmp/`, private to the service; the database's directory is synced when `media/` is new.
    private static func prepare(root: String) throws {
        if try MediaDisk.makeDirectory(root) {
            try MediaDisk.syncDirectory(URL(fileURLWithPath: root).deletingLastPathComponent().path)
        }
        try MediaDisk.makeDirectory(root + "/tmp")
    }

    /// Renames a synced upload to its address, making `ab/` first if needed (and syncing `media/`, which names
    /// it), then syncs `ab/`, so the name survives a power cut. Over an identical file the rename is harmless and
    /// refreshes its time, which the sweep reads; `renames` keeps the sweep from removing it meanwhile.
    private static func place(_ temporary: String, at path: String, root: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if try MediaDisk.makeDirectory(directory) { try MediaDisk.syncDirectory(root) }
        try renames.withLock {
            guard rename(temporary, path) == 0 else { throw MediaStoreError("rename \(temporary) to", path) }
        }
        try MediaDisk.syncDirectory(directory)
    }

    /// The threads an upload's disk work runs on. Its writer waits there for the disk (`MediaUpload`'s write-behind,
    /// the final fsync); on NIO's shared blocking pool, a report, a simulation or a backup queued behind two uploads on
    /// a slow disk would wait for them. Started on the first upload, for the life of the process, like that pool.
    static let uploads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    /// Held around every rename to an address and around the sweep's look at a file's time and its removal, so
    /// the sweep never removes a file that an upload has just renamed into place. One for the process, since
    /// each route and service may make its own `MediaFiles`.
    static let renames = NSLock()
}
