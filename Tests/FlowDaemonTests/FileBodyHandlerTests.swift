import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import FlowDaemon

/// `FileBodyHandler` on its own: an answer gets exactly the file its route handed over, a file handed over for an
/// answer that went out without it is closed and never sent with a later one, and nothing is left open.
@Suite struct FileBodyHandlerTests {
    static func region(_ text: String) throws -> FileRegion {
        let path = temporaryDirectory() + "/file"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let descriptor = open(path, O_RDONLY)
        return FileRegion(
            fileHandle: NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor), readerIndex: 0,
            endIndex: text.utf8.count)
    }

    /// The handler's critical message is expected here.
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func head(_ number: String?) -> HTTPServerResponsePart {
        var headers: HTTPHeaders = ["content-length": "3"]
        if let number { headers.add(name: FileBody.field, value: number) }
        return .head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))
    }

    @Test func anAnswerGetsTheFileItNamesAndAnEarlierFileLeftBehindIsClosed() throws {
        let handler = FileBodyHandler(logger: Self.quiet)
        let channel = EmbeddedChannel(handler: handler)
        let (first, second) = (try Self.region("one"), try Self.region("second"))
        #expect(handler.enqueue(first) == 1 && handler.enqueue(second) == 2)
        try channel.writeOutbound(Self.head(nil))
        guard case .head(let plain) = try channel.readOutbound(as: HTTPServerResponsePart.self) else {
            Issue.record("an answer with no file passes as it is")
            return
        }
        #expect(plain.headers["content-length"] == ["3"])
        try channel.writeOutbound(Self.head("2"))
        guard case .head(let head) = try channel.readOutbound(as: HTTPServerResponsePart.self),
            case .body(.fileRegion(let sent)) = try channel.readOutbound(as: HTTPServerResponsePart.self)
        else {
            Issue.record("the head and then the file")
            return
        }
        #expect(!head.headers.contains(name: FileBody.field))
        #expect(sent.endIndex == 6, "the second file, not the first")
        #expect(!first.fileHandle.isOpen, "the file of an answer that went out without it is closed")
        #expect(!second.fileHandle.isOpen, "and the one sent, once written")
        _ = try channel.finish()
    }

    @Test func anAnswerNamingAFileNotHandedOverClosesTheConnectionAndAClosedOneTakesNoFile() throws {
        let handler = FileBodyHandler(logger: Self.quiet)
        let channel = EmbeddedChannel(handler: handler)
        let kept = try Self.region("one")
        #expect(handler.enqueue(kept) == 1)
        #expect(throws: (any Error).self) { try channel.writeOutbound(Self.head("7")) }
        channel.embeddedEventLoop.run()
        #expect(!channel.isActive, "the connection closed")
        #expect(!kept.fileHandle.isOpen, "and the file it held with it")
        let late = try Self.region("two")
        #expect(handler.enqueue(late) == nil && !late.fileHandle.isOpen)
    }
}
