import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` that keeps a second flowd away. flowd takes two: one on the database, because two daemons
/// on one database would both run the notifier and send everything twice, and one on the socket, because
/// Hummingbird unlinks an existing socket file when it binds (a second flowd would silently steal the first one's
/// socket). The lock lives as long as this object, and with the process: a crash releases it.
final class InstanceLock {
    private let fd: Int32

    /// On the database file itself, so the lock belongs to the file and not to the path that names it: the same
    /// database through a symbolic link, a hard link or a bind mount is the same file, and is refused. SQLite's own
    /// locks on that file are POSIX record locks, which `flock` never conflicts with (on a local file system).
    /// The file is created here when it does not exist yet, as SQLite would, but private to the service.
    init(database path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StartupError("cannot open database \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.holder(of: path).map { "pid \($0)" } ?? "pid ?"
            close(fd)
            let real = Self.realPath(path)
            let file = real == path ? "" : " (the file \(real))"
            throw StartupError("another flowd (\(holder)) is using the database \(path)\(file); refusing to start")
        }
    }

    /// On `<socket>.lock`: the socket file itself is replaced at every bind, so it cannot hold a lock. The lock
    /// file is opened with `O_NOFOLLOW`: a symbolic link planted there could make flowd truncate another file.
    init(socket path: String) throws {
        let lockPath = path + ".lock"
        fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw StartupError("cannot open lock file \(lockPath): \(reason)")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buffer, buffer.count, 0)
            let pid =
                n > 0
                ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            close(fd)
            throw StartupError("another flowd (pid \(pid)) is using the socket \(path); refusing to start")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
    }

    deinit { close(fd) }

    private static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Who holds the `flock` on the file at `path`, from the kernel's table of locks (`/proc/locks`): the database
    /// file cannot carry a pid of its own. Nil where that table is not to be had.
    static func holder(of path: String) -> Int32? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: realPath(path)),
            let device = (attributes[.systemNumber] as? NSNumber)?.uint64Value,
            let inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value,
            // Read to its end: `String(contentsOfFile:)` takes a file the size `stat` gives, none for /proc/locks, in
            // a single page, and past 4 KiB of locks (SQLite's, in a busy process) the holder's line was cut off.
            let data = try? FileHandle(forReadingAtPath: "/proc/locks")?.readToEnd()
        else { return nil }
        let table = String(decoding: data, as: UTF8.self)
        // glibc's encoding of a device number, whose halves /proc/locks prints in hex.
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~0xfff)
        let minor = (device & 0xff) | ((device >> 12) & ~0xff)
        let file = realPath(path)
        // Where stat's device is not the one the kernel prints (overlay, btrfs), another file system's lock on the
        // same inode number made two candidates and no answer: the one that has this file open is the holder.
        return holder(in: table, device: (major, minor), inode: inode) { pid in
            let fds = "/proc/\(pid)/fd"
            return ((try? FileManager.default.contentsOfDirectory(atPath: fds)) ?? []).contains {
                (try? FileManager.default.destinationOfSymbolicLink(atPath: fds + "/" + $0)) == file
            }
        }
    }

    /// The pid of the write `flock` on `inode` in a `/proc/locks` table. Some file systems (btrfs subvolumes)
    /// report another device in `stat` than the kernel prints, so a lone lock on the inode counts too, and of several
    /// the one `opens` says has the file open.
    static func holder(
        in table: String, device: (major: UInt64, minor: UInt64), inode: UInt64,
        opens: (Int32) -> Bool = { _ in false }
    ) -> Int32? {
        var onInode: [(pid: Int32, sameDevice: Bool)] = []
        for line in table.split(separator: "\n") {
            // `1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF`; waiting requests carry `->` and are skipped.
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE", let pid = Int32(fields[4]) else {
                continue
            }
            let parts = fields[5].split(separator: ":")
            guard parts.count == 3, UInt64(parts[2]) == inode else { continue }
            let same = UInt64(parts[0], radix: 16) == device.major && UInt64(parts[1], radix: 16) == device.minor
            onInode.append((pid, same))
        }
        if let same = onInode.first(where: { $0.sameDevice }) { return same.pid }
        if onInode.count == 1 { return onInode[0].pid }
        let opening = onInode.filter { opens($0.pid) }
        return opening.count == 1 ? opening[0].pid : nil
    }
}
