import Crypto
import FlowCore
import Foundation
import NIOCore
import Testing

@testable import FlowDaemon

/// Uploads kept on a real disk: judged as they stream, stripped of their location unless kept, stored under their
/// hash, and a refused one leaves nothing behind.
@Suite struct MediaFilesTests {
    let directory: URL
    let media: MediaFiles

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        media = MediaFiles(database: directory.appendingPathComponent("flowd.db").path)
    }

    /// Every regular file under `media/`, by its path below it.
    static func files(under root: String) -> [String] {
        let names = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    @Test func aJPEGIsStoredWithoutItsGPS() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try MediaBody.fixture("gps.jpg")
        let stored = try await media.receive(
            MediaBody(prefix: original, chunk: 100), limits: MediaLimits(), keepLocation: false)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: stored.path)))
        #expect(stored.path == media.path(of: stored.medium.sha256))
        #expect(stored.medium.sha256 == Self.sha256(bytes))
        #expect(stored.medium.byteCount == UInt64(bytes.count) && bytes.count < original.count)
        let again = try MediaSniffer.sniff(bytes).get()
        #expect(again.location == [] && again.kind == .jpeg && again.width == 123 && again.height == 45)
        #expect(stored.medium.kind == .jpeg && stored.medium.width == 123 && stored.medium.alt == "")
        #expect(Self.files(under: media.root) == [String(stored.path.dropFirst(media.root.count + 1))])
        let mode = try FileManager.default.attributesOfItem(atPath: stored.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func keepingTheLocationKeepsEveryByte() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try MediaBody.fixture("xmp.png")
        let stored = try await media.receive(
            MediaBody(prefix: original, chunk: 7), limits: MediaLimits(), keepLocation: true)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: stored.path))) == original)
        #expect(stored.medium.sha256 == Self.sha256(original) && stored.medium.kind == .png)
    }

    @Test func theSameBytesTwiceAreOneFile() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let movie = try MediaBody.fixture("h264-aac.mp4")
        let first = try await media.receive(MediaBody(prefix: movie), limits: MediaLimits(), keepLocation: false)
        let second = try await media.receive(
            MediaBody(prefix: movie, chunk: 1000), limits: MediaLimits(), keepLocation: false)
        #expect(first == second && first.medium.kind == .mp4 && first.medium.durationMS != nil)
        #expect(Self.files(under: media.root).count == 1)
    }

    /// Each refusal as the route answers it, and no file kept, not even a temporary one.
    @Test func aRefusedUploadLeavesNothing() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let jpeg = try MediaBody.fixture("gps.jpg")
        let cases: [(MediaBody, MediaLimits, String)] = [
            (MediaBody(prefix: Array("just some words, no picture".utf8)), MediaLimits(), "looks like text"),
            (MediaBody(prefix: Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8)), MediaLimits(), "markup"),
            (MediaBody(prefix: Array("<!doctype html><html></html>".utf8)), MediaLimits(), "markup"),
            (MediaBody(prefix: Array(jpeg.prefix(700))), MediaLimits(), "truncated JPEG"),
            (MediaBody(prefix: jpeg, chunk: 256), MediaLimits(maxImageBytes: 1024), "larger than 1 KB"),
            (MediaBody(prefix: []), MediaLimits(), "the file is empty"),
            (MediaBody(prefix: jpeg, chunk: 256, failAfter: 512), MediaLimits(), "cut off after 512 bytes"),
        ]
        for (body, limits, reason) in cases {
            let refusal = await #expect(throws: MediaRefusal.self) {
                try await media.receive(body, limits: limits, keepLocation: false)
            }
            #expect(refusal?.message.contains(reason) == true, "\(String(describing: refusal)), not \(reason)")
            #expect(Self.files(under: media.root) == [], "\(reason)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: media.temporaryDirectory) == [])
    }

    /// A large upload streams through to the disk: the process grows by far less than the file.
    /// A 50 MB upload in pieces is stored whole. How much memory the daemon spends on it is `bench/media-upload`'s
    /// to measure (a figure of the whole test process would count every suite running beside this one).
    @Test func aLargeUploadInPiecesIsStoredWhole() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        var movie = try MediaBody.fixture("faststart.mp4")
        let padding = 50 * 1024 * 1024
        movie += withUnsafeBytes(of: UInt32(8 + padding).bigEndian, Array.init) + Array("free".utf8)
        let stored = try await media.receive(
            MediaBody(prefix: movie, zeros: padding), limits: MediaLimits(), keepLocation: false)
        #expect(stored.medium.byteCount == UInt64(movie.count + padding) && stored.medium.kind == .mp4)
        let size = try FileManager.default.attributesOfItem(atPath: stored.path)[.size] as? Int
        #expect(size == movie.count + padding)
        // Many batches of chunks and writeback windows: every byte is kept, in order, under the hash of all of them.
        var expected = SHA256()
        expected.update(data: movie)
        for _ in 0..<padding / (1024 * 1024) { expected.update(data: [UInt8](repeating: 0, count: 1024 * 1024)) }
        let kept = try Data(contentsOf: URL(fileURLWithPath: stored.path))
        let hex = { (digest: SHA256.Digest) in digest.map { String(format: "%02x", $0) }.joined() }
        #expect(stored.medium.sha256 == hex(expected.finalize()))
        #expect(hex(SHA256.hash(data: kept)) == stored.medium.sha256)
    }
}
