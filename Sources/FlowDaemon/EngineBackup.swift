public import FlowCore
import FlowStore
import Foundation
import Logging
import NIOPosix

extension Engine {
    /// Writes a backup (admin only) to `path`, absolute, not existing yet, in an existing directory: one directory
    /// that holds `flowd.db`, a consistent copy of the live database, and `media/`, every medium that copy names.
    /// The media are read from the copy once it is complete, so none it names is missing; each is linked where the
    /// backup lies on the same file system (a medium's file is never written again once in place: an upload
    /// renames a new file over it), else copied and synced. It grows in `path.partial` and takes its name only once
    /// complete and synced. The answer is the database copy's size, how long it all took, and how many media.
    public func backup(to path: String, by actor: Actor) async throws -> (bytes: Int64, seconds: Double, media: Int) {
        try requireAdmin(actor, to: "take backups")
        guard path.hasPrefix("/") else { throw Refusal(.invalidRequest, "backup path must be absolute") }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Refusal(.invalidRequest, "\(path) exists already; a backup never overwrites")
        }
        var isDirectory: ObjCBool = false
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Refusal(.invalidRequest, "no directory \(parent) for the backup")
        }
        let started = Date()
        let partial = path + ".partial"
        let (bytes, media): (Int64, Int)
        do {
            guard mkdir(partial, 0o700) == 0 else { throw MediaStoreError("create", partial) }
            let backup = try OnlineBackup(database: store.path, to: partial + "/flowd.db")
            // Steps run on NIO's blocking-I/O pool, never on the Swift cooperative pool (two threads here):
            // a gigabyte of copying must not take a thread that requests need.
            while try await NIOThreadPool.singleton.runIfActive({ try backup.step(pages: Self.backupStepPages) })
                == false
            {
            }
            bytes = try await NIOThreadPool.singleton.runIfActive { try backup.finish() }
            let (live, copy) = (MediaFiles(database: store.path), MediaFiles(root: partial + "/media"))
            media = try await NIOThreadPool.singleton.runIfActive {
                let named = try Store.referencedMedia(database: partial + "/flowd.db")
                try live.copy(named, to: copy)
                try MediaDisk.syncDirectory(partial)
                guard rename(partial, path) == 0 else { throw MediaStoreError("rename", partial) }
                try MediaDisk.syncDirectory(parent)
                return named.count
            }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw Refusal(.invalidRequest, "backup to \(path) failed: \(error)")
        }
        let seconds = Date().timeIntervalSince(started)
        logger.notice(
            "backup written",
            metadata: ["path": "\(path)", "bytes": "\(bytes)", "media": "\(media)", "actor": "\(actor.user.name)"])
        return (bytes: bytes, seconds: seconds, media: media)
    }
}
