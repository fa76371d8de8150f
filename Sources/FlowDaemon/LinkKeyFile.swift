import FlowConfig
import FlowCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads the review links' key from where the config says (`LinkKeySource`), making the file at the first start:
/// 32 random bytes, mode 0600, flushed with its directory before any link is derived from it. The key never enters
/// the database, so a dump or backup of it holds no working link; replacing the file revokes every link.
enum LinkKeyFile {
    static func load(_ source: LinkKeySource) throws -> LinkKey {
        switch source {
        case .credential(let name):
            let directory = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"] ?? ""
            guard let data = FileManager.default.contents(atPath: directory + "/" + name),
                let key = LinkKey(bytes: Array(data))
            else { throw StartupError("cannot read link key credential \(name) of at least 32 bytes") }
            return key
        case .file(let path):
            if let key = try read(path) { return key }
            try create(path)
            guard let key = try read(path) else { throw StartupError("cannot read link key file \(path)") }
            return key
        }
    }

    private static func read(_ path: String) throws -> LinkKey? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = attributes[.posixPermissions] as? Int
        else { return nil }
        guard mode & 0o077 == 0 else {
            throw StartupError("link key file \(path) is readable by group or others; chmod 600 it")
        }
        guard let data = FileManager.default.contents(atPath: path), let key = LinkKey(bytes: Array(data)) else {
            throw StartupError("link key file \(path) is unreadable or shorter than 32 bytes")
        }
        return key
    }

    /// O_EXCL: two starts racing make one key, and the loser reads the winner's.
    private static func create(_ path: String) throws {
        let bytes = LinkToken.randomBytes(LinkKey.minimumBytes)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw StartupError("cannot create link key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            unlink(path)
            throw StartupError("cannot write link key file \(path)")
        }
        let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}
