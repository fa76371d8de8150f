import FlowCore
import Foundation

extension MediaFiles {
    /// Puts each of the media `named` into `destination`, under the same names, and makes them durable: a hard
    /// link where both lie on one file system (a medium's file is never written again once in place), else a
    /// copy, synced. Blocking: the owner runs it on the blocking pool. A medium the database names whose file is
    /// gone fails the copy, so that a backup never looks complete without it.
    func copy(_ named: Set<String>, to destination: MediaFiles) throws {
        _ = try MediaDisk.makeDirectory(destination.root)
        var directories: Set<String> = [destination.root]
        for hash in named.sorted() {
            guard let source = path(of: hash), let target = destination.path(of: hash) else { continue }
            let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
            if directories.insert(directory).inserted { _ = try MediaDisk.makeDirectory(directory) }
            if link(source, target) == 0 { continue }
            guard errno == EXDEV || errno == EPERM || errno == EMLINK else {
                throw MediaStoreError(errno == ENOENT ? "find the medium the database names at" : "link", source)
            }
            try Self.copyFile(source, to: target)
        }
        for directory in directories { try MediaDisk.syncDirectory(directory) }
    }

    /// A copy of one file, synced before it is closed.
    private static func copyFile(_ source: String, to target: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw MediaStoreError("open", source) }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw MediaStoreError("create", target) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw MediaStoreError("read", source) }
            if n == 0 { break }
            try buffer.withUnsafeBytes {
                try MediaDisk.writeAll(output, UnsafeRawBufferPointer(rebasing: $0[..<n]), path: target)
            }
        }
        guard fsync(output) == 0 else { throw MediaStoreError("sync", target) }
    }
}
