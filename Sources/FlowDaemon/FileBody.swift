import Foundation
import HTTPTypes
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// A stored file as an answer's body, sent by the connection's `FileBodyHandler` without passing through flowd's
/// memory.
enum FileBody {
    /// Names, in an answer's head, that its body is the connection's next file. Never leaves flowd: the handler takes
    /// it out of every head it is in.
    static let field = "flowd-file-body"

    /// Opens `path` and hands bytes `range` of it to `channel`'s `FileBodyHandler`; returns the header field that has
    /// the answer carrying it send it as its body. Throws when the file cannot be opened or the connection has closed.
    /// The file is opened on the request's task, where its size was read, not on the thread pool: the hop there and
    /// back, behind connections busy sending, cost the answer more than the open does (docs/benchmarks.md, "Media
    /// serving").
    static func send(_ path: String, range: ClosedRange<UInt64>, on channel: any Channel) async throws -> HTTPField {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw MediaStoreError("open", path) }
        let file = FileRegion(
            fileHandle: NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor),
            readerIndex: Int(range.lowerBound), endIndex: Int(range.upperBound) + 1)
        let number = try await channel.eventLoop.submit {
            guard let handler = try? channel.pipeline.syncOperations.handler(type: FileBodyHandler.self) else {
                try? file.fileHandle.close()
                return UInt64?.none
            }
            return handler.enqueue(file)
        }.get()
        guard let number else { throw ChannelError.ioOnClosedChannel }
        return HTTPField(name: HTTPField.Name(field)!, value: "\(number)")
    }
}
