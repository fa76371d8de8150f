import FlowCore
import Foundation
import Testing

@testable import FlowDaemon

/// The sweep removes media no revision names once they are old, and temporary files an interrupted upload left.
@Suite struct MediaSweepTests {
    @Test func unreferencedOldFilesAndStaleUploadsGo() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let media = MediaFiles(root: directory.appendingPathComponent("media").path)
        let now = Date()
        let old = now.addingTimeInterval(-3 * 86400)
        let (gone, named, young) = (
            String(repeating: "a", count: 64), String(repeating: "b", count: 64),
            "c" + String(repeating: "d", count: 63)
        )
        func place(_ path: String, modified: Date) throws {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3])))
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        }
        for hash in [gone, named] { try place(try #require(media.path(of: hash)), modified: old) }
        try place(try #require(media.path(of: young)), modified: now.addingTimeInterval(-60))
        try place(media.root + "/aa/notes.txt", modified: old)
        try place(media.temporaryDirectory + "/stale.part", modified: now.addingTimeInterval(-2 * 3600))
        try place(media.temporaryDirectory + "/current.part", modified: now.addingTimeInterval(-60))

        let removed = try await media.sweep(
            referenced: [named], olderThan: now.addingTimeInterval(-86400), now: now)

        #expect(removed == 2)
        let kept = [named, young].map { hash in "\(hash.prefix(2))/\(hash.dropFirst(2))" }
        let expected: [String] = (kept + ["aa/notes.txt", "tmp/current.part"]).sorted()
        #expect(MediaFilesTests.files(under: media.root) == expected)
        #expect(try await media.sweep(referenced: [], olderThan: old.addingTimeInterval(-1), now: now) == 0)
    }

    /// Uploading bytes that are already stored renames over the old file and so makes it young again: a sweep
    /// right after keeps it for the revision about to name it.
    @Test func aFileUploadedAgainIsYoungAgain() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let media = MediaFiles(root: directory.appendingPathComponent("media").path)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let picture = try MediaBody.fixture("progressive.jpg")
        let first = try await media.receive(MediaBody(prefix: picture), limits: MediaLimits(), keepLocation: false)
        let old = Date().addingTimeInterval(-3 * 86400)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: first.path)
        _ = try await media.receive(MediaBody(prefix: picture), limits: MediaLimits(), keepLocation: false)
        #expect(try await media.sweep(referenced: [], olderThan: Date().addingTimeInterval(-86400)) == 0)
        #expect(FileManager.default.fileExists(atPath: first.path))
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: first.path)
        #expect(try await media.sweep(referenced: [], olderThan: Date().addingTimeInterval(-86400)) == 1)
        #expect(!FileManager.default.fileExists(atPath: first.path))
    }
}
