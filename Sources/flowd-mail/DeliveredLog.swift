import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The Message-IDs a server has taken, one small file each in the sink's state directory. flowd retries a row
/// with the same webhook-id, so MailNotice writes the same Message-IDs again, and the people mailed by an earlier
/// attempt are skipped. A record is written only after the server's 250 to the message's end: a crash in
/// between mails that person twice, never not at all.
final class DeliveredLog {
    /// Longer than flowd goes on retrying a row (max_age, a day unless the config says more).
    static let keep: TimeInterval = 35 * 86_400
    let directory: String
    private let lock: Int32

    /// Opens (and makes, 0700) the directory and holds its lock until exit: two runs at once, say a manual
    /// one beside flowd's, would both find a person unmailed.
    init(directory: String) throws {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw DeliveredLogError("cannot make the state directory \(directory): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw DeliveredLogError("the state directory \(directory) is not a directory")
        }
        lock = open(directory + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0, flock(lock, LOCK_EX) == 0 else {
            throw DeliveredLogError("cannot lock \(directory)/.lock: \(String(cString: strerror(errno)))")
        }
        self.directory = directory
    }

    deinit {
        close(lock)
    }

    func contains(_ messageID: String) -> Bool {
        access(path(messageID), F_OK) == 0
    }

    /// Written whole or not at all (a temporary file renamed), and synced: a record that vanished in a power
    /// cut would mail the person again.
    func record(_ messageID: String, recipient: String) throws {
        let final = path(messageID)
        let temporary = final + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw DeliveredLogError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let line = Array("\(messageID) \(recipient)\n".utf8)
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == line.count, synced, rename(temporary, final) == 0 else {
            unlink(temporary)
            throw DeliveredLogError("cannot write \(final): \(String(cString: strerror(errno)))")
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// Drops records older than `keep`, and temporary files a killed run left.
    func prune(now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let cutoff = now.timeIntervalSince1970 - Self.keep
        for name in names where name.hasPrefix("sent-") {
            let path = directory + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if name.hasSuffix(".tmp") || Double(info.st_mtim.tv_sec) < cutoff { unlink(path) }
        }
    }

    /// A hash names the file: a Message-ID may be longer than a file name may, and hold any character.
    private func path(_ messageID: String) -> String {
        let digest = SHA256.hash(data: Data(messageID.utf8)).map { String(format: "%02x", $0) }.joined()
        return directory + "/sent-" + digest
    }
}
