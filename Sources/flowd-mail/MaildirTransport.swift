import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Delivery into Maildirs on this machine, one per person: `<root>/<flowd name>/new/` (carl's in `var/mail/carl`: the
/// name is unique in flowd's config, where two addresses' local parts need not be), readable with any mail reader
/// (`mutt -f var/mail/carl`). For trying flowd out and for tests, where no MTA runs: the message is written
/// to `tmp/`, synced and renamed into `new/` as the Maildir convention has it, so a reader never sees half of one.
struct MaildirTransport: MailTransport {
    let root: String

    func deliver(_ mail: OutgoingMail) async throws {
        guard let box = Self.mailbox(named: mail.person) else {
            throw MaildirError(description: "\(mail.recipient): no mailbox name for \(mail.person)")
        }
        let directory = root + "/" + box
        // The root's parents too (var/ on a fresh checkout), each only its owner's like the mailboxes.
        try? FileManager.default.createDirectory(
            atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for path in [root, directory, directory + "/tmp", directory + "/new", directory + "/cur"] {
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw MaildirError(description: "cannot make \(path): \(String(cString: strerror(errno)))")
            }
            // One that was there already must be a directory of ours that nobody else may write: never a link
            // planted where others can write, which would lead someone's links elsewhere.
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid(),
                info.st_mode & 0o022 == 0
            else {
                throw MaildirError(description: "\(path) is not a directory of this user's that only it may write")
            }
        }
        let name = Self.uniqueName()
        let temporary = directory + "/tmp/" + name
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw MaildirError(description: "cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        // Maildir readers expect Unix line ends, as a local delivery agent writes them.
        let bytes = Array(mail.text.replacingOccurrences(of: "\r\n", with: "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary, directory + "/new/" + name) == 0 else {
            unlink(temporary)
            throw MaildirError(description: "cannot deliver into \(directory)/new: \(String(cString: strerror(errno)))")
        }
        let directoryFD = open(directory + "/new", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    func finish() async {}

    /// The person's flowd name, when it is a safe directory name (flowd's names are: lower-case letters, digits,
    /// `-`, `_`, `.`; checked again, since the envelope comes from standard input).
    static func mailbox(named name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= 64, name.first != ".",
            name.utf8.allSatisfy({ isalnum(Int32($0)) != 0 || "._-".utf8.contains($0) })
        else { return nil }
        return name
    }

    /// `<seconds>.M<microseconds>P<pid>R<random>.<host>`: unique on this machine, and in delivery order when
    /// sorted by name within one second.
    static func uniqueName() -> String {
        var now = timeval()
        gettimeofday(&now, nil)
        let micro = String(now.tv_usec).leftPadded(to: 6)
        return "\(now.tv_sec).M\(micro)P\(getpid())R\(UInt32.random(in: 0...UInt32.max)).\(FlowdMail.hostName())"
    }
}

struct MaildirError: Error, CustomStringConvertible {
    var description: String
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
