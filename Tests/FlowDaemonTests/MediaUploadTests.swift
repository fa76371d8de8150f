import Foundation
import NIOCore
import Testing

@testable import FlowDaemon

/// The temporary file an upload's batches are written to: whatever sizes its reads came in, the file holds every
/// byte once and in order, though a write holds back what lies past its last whole `MediaUpload.alignment`.
@Suite struct MediaUploadTests {
    @Test func batchesOfAnySizeMakeTheFileInOrder() throws {
        let directory = NSTemporaryDirectory() + "flowd-upload-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let upload = try MediaUpload(in: directory)
        var expected: [UInt8] = []
        // A byte that differs from its neighbours' at every offset: a piece written twice, dropped or out of place
        // changes the file.
        func piece(_ count: Int) -> ByteBuffer {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: (expected.count + $0) % 251) }
            expected += bytes
            return ByteBuffer(bytes: bytes)
        }
        let alignment = Int(MediaUpload.alignment)
        try upload.write([piece(1000)])  // short of a boundary: nothing written yet
        try upload.write([piece(alignment - 1000), piece(17)])  // ends one boundary exactly, then 17 past it
        try upload.write([piece(3 * alignment + 5), piece(alignment / 2)])  // over several boundaries
        try upload.write((0..<3000).map { _ in piece(700) })  // more pieces than one writev takes
        try upload.write([piece(alignment - (expected.count % alignment))])  // ends on a boundary, nothing held
        try upload.write([piece(12345)])  // the end, held until the file is closed
        try upload.syncAndClose()
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: upload.path))) == expected)
    }
}
