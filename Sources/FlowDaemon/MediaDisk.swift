import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// The system calls the media files are made with, each blocking: call them on a thread of `NIOThreadPool`, never
/// on an event loop. Every failure is a `MediaStoreError` naming the path.
enum MediaDisk {
    /// Makes `path` a directory private to the service unless it is one already; true when it was made here, so
    /// the caller fsyncs the parent that now names it.
    @discardableResult
    static func makeDirectory(_ path: String) throws -> Bool {
        if mkdir(path, 0o700) == 0 { return true }
        guard errno == EEXIST else { throw MediaStoreError("create directory", path) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MediaStoreError("use as a directory", path, errno: ENOTDIR)
        }
        return false
    }

    /// Makes the directory's entries durable: a renamed or created name survives a power cut only once its
    /// directory is synced.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw MediaStoreError("open directory", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw MediaStoreError("sync directory", path) }
    }

    /// All of `bytes` at the descriptor's position, however many calls it takes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var pieces = [iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count)]
        try writeAll(fd, &pieces, path: path)
    }

    /// All of `buffers`, one after the other, at the descriptor's position: as few `writev` calls as the kernel
    /// takes them in, however many pieces there are.
    static func writeAll(_ fd: Int32, _ buffers: [ByteBuffer], path: String) throws {
        var pieces: [iovec] = []
        pieces.reserveCapacity(buffers.count)
        for buffer in buffers {
            // The pointers outlive the closure: `buffers` holds their storage until this function returns, and
            // writev only reads them.
            buffer.withUnsafeReadableBytes {
                pieces.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count))
            }
        }
        try withExtendedLifetime(buffers) { try writeAll(fd, &pieces, path: path) }
    }

    /// The most pieces one writev takes (Linux's `UIO_MAXIOV`).
    private static let piecesPerCall = 1024

    /// Writes every piece, dropping each from the front as the kernel takes it.
    private static func writeAll(_ fd: Int32, _ pieces: inout [iovec], path: String) throws {
        var first = pieces.firstIndex { $0.iov_len > 0 } ?? pieces.endIndex
        while first < pieces.endIndex {
            let count = min(pieces.endIndex - first, piecesPerCall)
            var written = pieces[first...].withUnsafeBufferPointer { writev(fd, $0.baseAddress, Int32(count)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw MediaStoreError("write", path)
            }
            while first < pieces.endIndex, written >= pieces[first].iov_len {
                written -= pieces[first].iov_len
                first += 1
            }
            if written > 0 {
                pieces[first].iov_base += written
                pieces[first].iov_len -= written
            }
        }
    }

    /// Up to `count` bytes from `offset`; fewer only at the end of the file.
    static func read(from fd: Int32, at offset: UInt64, count: Int, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw MediaStoreError("read", path)
            }
            if got == 0 { break }
            done += got
        }
        return Array(bytes.prefix(done))
    }

    /// When the regular file was last written (not following a symbolic link); nil when it is gone or is not a
    /// regular file.
    static func modified(_ path: String) throws -> Date? {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return nil
        } catch {
            throw MediaStoreError("read the status of", path, errno: EIO)
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
        return attributes[.modificationDate] as? Date
    }

    /// Removes a file; one already gone is no error.
    static func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw MediaStoreError("remove", path) }
    }

    /// The names in a directory, without `.` and `..`; none when it does not exist.
    static func names(in path: String) throws -> [String] {
        guard let directory = opendir(path) else {
            if errno == ENOENT { return [] }
            throw MediaStoreError("list", path)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
