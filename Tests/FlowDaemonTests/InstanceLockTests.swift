import Foundation
import Testing

@testable import FlowDaemon

@Suite struct InstanceLockTests {
    @Test func theDatabaseIsLockedAsAFileWhateverPathNamesIt() throws {
        let directory = NSTemporaryDirectory() + "flowd-lock-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/flowd.db"
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.db", withDestinationPath: database)
        do {
            let held = try InstanceLock(database: database)
            do {
                _ = try InstanceLock(database: directory + "/link.db")
                Issue.record("the same database through a symbolic link was locked twice")
            } catch {
                let message = "\(error)"
                #expect(message.contains("another flowd (pid \(getpid())) is using the database \(directory)/link.db"))
                #expect(message.contains("(the file \(database))"), "\(message)")
            }
            withExtendedLifetime(held) {}
        }
        // Released with its holder: the next one takes it.
        _ = try InstanceLock(database: directory + "/link.db")
    }

    @Test func theHolderIsFoundPastTheLockTablesFirstPage() throws {
        let directory = NSTemporaryDirectory() + "flowd-locks-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A hundred locks taken first put more than 4 KiB of /proc/locks before the database's (the kernel lists the
        // newest first, so the database is locked before them).
        let database = directory + "/flowd.db"
        let held = try InstanceLock(database: database)
        let others = (0..<100).map { open(directory + "/lock-\($0)", O_RDWR | O_CREAT | O_CLOEXEC, 0o600) }
        defer { others.forEach { close($0) } }
        for fd in others { #expect(flock(fd, LOCK_EX | LOCK_NB) == 0) }
        #expect(InstanceLock.holder(of: database) == getpid())
        withExtendedLifetime(held) {}
    }

    @Test func theHolderIsReadFromTheKernelsTableOfLocks() {
        let table = """
            1: POSIX  ADVISORY  WRITE 11863 fe:00:5309897 1073741824 1073742335
            2: FLOCK  ADVISORY  READ 500 fe:00:42 0 EOF
            3: FLOCK  ADVISORY  WRITE 4242 fe:00:42 0 EOF
            3: -> FLOCK  ADVISORY  WRITE 777 fe:00:42 0 EOF
            4: FLOCK  ADVISORY  WRITE 31 08:01:42 0 EOF
            5: FLOCK  ADVISORY  WRITE 99 00:2d:77 0 EOF
            """
        #expect(InstanceLock.holder(in: table, device: (0xfe, 0), inode: 42) == 4242)
        #expect(InstanceLock.holder(in: table, device: (8, 1), inode: 42) == 31)
        // A device stat reports differently (btrfs): a lone lock on the inode still names its holder.
        #expect(InstanceLock.holder(in: table, device: (0, 0x30), inode: 77) == 99)
        #expect(InstanceLock.holder(in: table, device: (1, 1), inode: 42) == nil)
        // Two file systems' locks on one inode number, neither on stat's device (overlay, under parallel tests): the
        // holder is the one with the file open; the test once read "pid ?" here.
        #expect(InstanceLock.holder(in: table, device: (1, 1), inode: 42) { $0 == 31 } == 31)
        #expect(InstanceLock.holder(in: table, device: (0xfe, 0), inode: 5_309_897) == nil)
    }
}
