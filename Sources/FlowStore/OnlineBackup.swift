import CSQLite
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A copy of the live database through SQLite's online backup API, on two connections of its own: the store's
/// connection (and so every request) is never involved. The source holds one read transaction from the first
/// step to the last, so the copy is a single committed state even while writers commit (WAL lets them), and
/// a write between two steps does not restart the copy. Pages go to `<path>.partial`, which becomes `path` only
/// once complete and on disk: an interrupted backup never leaves a file that looks like a backup.
///
/// Not thread-safe; the owner calls one method at a time (from whichever thread), hence `@unchecked Sendable`.
public final class OnlineBackup: @unchecked Sendable {
    public let path: String
    private let partial: String
    private let source: Connection
    private let destination: Connection
    private var handle: OpaquePointer?
    /// The partial file, for flushing the copy as it grows and once at the end. Left to the end, a gigabyte of
    /// dirty pages is written out by whichever fsync comes first on the file system, and on ext4 that can be the
    /// store's next commit, which then waits a quarter of a second (measured by scripts/abuse-test).
    private let syncFD: Int32
    private var pagesSinceSync: Int32 = 0
    static let syncEveryPages: Int32 = 4096

    public init(database: String, to path: String) throws {
        self.path = path
        partial = path + ".partial"
        // O_EXCL: two backups to one path cannot share a partial file; O_NOFOLLOW: nor write through a symlink.
        syncFD = open(partial, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard syncFD >= 0 else {
            throw SQLiteError(code: 0, message: "cannot create \(partial): \(String(cString: strerror(errno)))")
        }
        do {
            source = try Connection(path: database, readOnly: true)
            try source.exec("PRAGMA busy_timeout=5000; BEGIN; SELECT count(*) FROM sqlite_schema;")
            destination = try Connection(path: partial)
            // The partial file is thrown away on any failure, so it needs neither a journal nor syncs until the end.
            try destination.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        } catch {
            unlink(partial)
            close(syncFD)
            throw error
        }
        guard let handle = sqlite3_backup_init(destination.handle, "main", source.handle, "main") else {
            let failure = destination.error(sqlite3_errcode(destination.handle))
            unlink(partial)
            close(syncFD)
            throw failure
        }
        self.handle = handle
    }

    deinit {
        if let handle {
            sqlite3_backup_finish(handle)
            unlink(partial)
        }
        close(syncFD)
    }

    /// Copies up to `pages` pages; true once every page is copied.
    public func step(pages: Int32) throws -> Bool {
        guard let handle else { return true }
        let rc = sqlite3_backup_step(handle, pages)
        pagesSinceSync += pages
        if pagesSinceSync >= Self.syncEveryPages {
            pagesSinceSync = 0
            fdatasync(syncFD)
        }
        switch rc {
        case SQLITE_DONE: return true
        case SQLITE_OK, SQLITE_BUSY, SQLITE_LOCKED: return false
        default: throw destination.error(rc)
        }
    }

    /// Ends the copy, syncs it and gives it its name (never replacing a file that appeared meanwhile).
    /// Returns its size in bytes.
    public func finish() throws -> Int64 {
        guard let handle else { throw SQLiteError(code: 0, message: "backup already finished") }
        self.handle = nil
        let rc = sqlite3_backup_finish(handle)
        try? source.exec("COMMIT")
        guard rc == SQLITE_OK else {
            unlink(partial)
            throw destination.error(rc)
        }
        guard fsync(syncFD) == 0 else {
            unlink(partial)
            throw SQLiteError(code: 0, message: "cannot sync \(partial): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        fstat(syncFD, &info)
        guard link(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw SQLiteError(code: 0, message: "cannot name the backup \(path): \(reason)")
        }
        unlink(partial)
        let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
        return Int64(info.st_size)
    }
}
