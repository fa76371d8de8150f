import FlowCore
import Foundation
import Logging
import NIOPosix

extension MediaFiles {
    /// How long a temporary file may lie untouched before it is taken for the leftover of an upload that a crash
    /// or a lost connection ended.
    static let temporaryMaxAge: TimeInterval = 60 * 60

    /// Removes the media no revision names any more: files under `media/ab/` whose hash is not in `referenced`
    /// and that were last written before `cutoff` (well before now, so a medium uploaded and not yet committed is
    /// kept), and temporary files untouched for an hour before `now`. Answers how many files went. Names that are
    /// not a medium's are left alone.
    func sweep(referenced: Set<String>, olderThan cutoff: Date, now: Date = Date()) async throws -> Int {
        let root = root
        let temporary = temporaryDirectory
        let stale = now.addingTimeInterval(-Self.temporaryMaxAge)
        return try await NIOThreadPool.singleton.runIfActive {
            var removed = 0
            for prefix in try MediaDisk.names(in: root) where prefix.utf8.count == 2 {
                let directory = root + "/" + prefix
                for rest in try MediaDisk.names(in: directory) {
                    let hash = prefix + rest
                    guard Medium.isSHA256(hash), !referenced.contains(hash) else { continue }
                    let path = directory + "/" + rest
                    try Self.renames.withLock {
                        guard let modified = try MediaDisk.modified(path), modified < cutoff else { return }
                        try MediaDisk.remove(path)
                        removed += 1
                    }
                }
            }
            for name in try MediaDisk.names(in: temporary) {
                let path = temporary + "/" + name
                guard let modified = try MediaDisk.modified(path), modified < stale else { continue }
                try MediaDisk.remove(path)
                removed += 1
            }
            return removed
        }
    }
}

extension MediaFiles {
    /// Removes every temporary file: at startup, under the instance lock, no upload is under way, so what is there
    /// was cut off by a crash or a kill. Before the listeners open.
    func clearTemporary(_ logger: Logger) throws(StartupError) {
        do {
            let names = try MediaDisk.names(in: temporaryDirectory)
            for name in names { try MediaDisk.remove(temporaryDirectory + "/" + name) }
            if !names.isEmpty {
                logger.notice("uploads cut off before the start removed", metadata: ["count": "\(names.count)"])
            }
        } catch {
            throw StartupError("cannot clear the media's temporary files: \(error)")
        }
    }
}
