import FlowAPI
import FlowCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Testing

@testable import FlowDaemon

@Suite struct ByteRangeTests {
    @Test func oneRangeIsReadAndAnythingElseAsksForTheWholeFile() {
        let cases: [(String?, ByteRange)] = [
            (nil, .whole), ("bytes=0-9", .part(0...9)), ("bytes=990-2000", .part(990...999)),
            ("bytes=990-", .part(990...999)), ("bytes=-5", .part(995...999)), ("bytes=-5000", .part(0...999)),
            ("bytes=1000-", .unsatisfiable), ("bytes=1000-1001", .unsatisfiable), ("bytes=-0", .unsatisfiable),
            ("bytes=5-2", .whole), ("bytes=0-1,4-5", .whole), ("items=0-9", .whole), ("bytes=a-9", .whole),
            ("bytes=-", .whole), ("bytes= 0-9", .whole), ("bytes=+1-9", .whole), ("bytes=0-9x", .whole),
            ("bytes=99999999999999999999999-", .whole), ("bytes=0-" + String(repeating: "9", count: 80), .whole),
        ]
        for (header, expected) in cases {
            #expect(ByteRange(header: header, size: 1000) == expected, "\(header ?? "none")")
        }
        #expect(ByteRange(header: "bytes=0-", size: 0) == .unsatisfiable)
        #expect(ByteRange(header: "bytes=-3", size: 0) == .unsatisfiable)
    }
}

/// A medium's answer from a listener as flowd runs one (`http1Server`, over a Unix socket): the same `MediaResponse`
/// the review link's route answers with, on a file written here, its body sent by the connection's `FileBodyHandler`.
@Suite struct MediaResponseTests {
    static let bytes: [UInt8] = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }

    /// Sends each request to a router that answers with the file, and returns status, headers and body.
    static func send(_ requests: [(HTTPRequest.Method, HTTPFields)]) async throws -> [(Int, HTTPFields, [UInt8])] {
        let directory = temporaryDirectory()
        let path = directory + "/medium"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let medium = Medium(
            sha256: String(repeating: "c", count: 64), kind: .mp4, byteCount: UInt64(bytes.count), width: 10,
            height: 10)
        let router = Router(context: PublicContext.self)
        let size = UInt64(bytes.count)
        router.get("m") { request, context in
            try await MediaResponse.make(
                medium, path: path, size: size, request: request.headers, head: false, channel: context.channel)
        }
        router.head("m") { request, context in
            try await MediaResponse.make(
                medium, path: path, size: size, request: request.headers, head: true, channel: context.channel)
        }
        return try await throughListener(router, requests.map { ($0.0, "/m", $0.1) })
    }

    @Test func theWholeFileARangeAndHeadAnswerWithExactlyTheirBytesAndTheHeaders() async throws {
        let answers = try await Self.send([
            (.get, [:]), (.get, [.range: "bytes=10-19"]), (.get, [.range: "bytes=-5"]), (.head, [:]),
            (.head, [.range: "bytes=0-99"]),
        ])
        let (status, headers, body) = answers[0]
        #expect(status == 200 && body == Self.bytes)
        #expect(headers[.contentType] == "video/mp4")
        #expect(headers[.xContentTypeOptions] == "nosniff")
        #expect(headers[.contentSecurityPolicy] == "sandbox")
        #expect(headers[.cacheControl] == "private, max-age=\(MediaResponse.maxAge)")
        #expect(headers[.acceptRanges] == "bytes")
        #expect(headers[.eTag] == "\"\(String(repeating: "c", count: 64))\"")
        #expect(headers[.contentLength] == "1000")
        #expect(answers.allSatisfy { $0.1[HTTPField.Name(FileBody.field)!] == nil }, "the file's number stays inside")
        #expect(answers[1].0 == 206 && answers[1].2 == Array(Self.bytes[10...19]))
        #expect(answers[1].1[.contentRange] == "bytes 10-19/1000" && answers[1].1[.contentLength] == "10")
        #expect(answers[2].0 == 206 && answers[2].2 == Array(Self.bytes[995...]))
        #expect(answers[3].0 == 200 && answers[3].2.isEmpty && answers[3].1[.contentLength] == "1000")
        #expect(answers[4].0 == 206 && answers[4].2.isEmpty && answers[4].1[.contentRange] == "bytes 0-99/1000")
    }

    @Test func anUnsatisfiableRangeIs416AndAStaleOrCachedOneIsAnsweredWhole() async throws {
        let tag = "\"\(String(repeating: "c", count: 64))\""
        let answers = try await Self.send([
            (.get, [.range: "bytes=1000-"]), (.get, [.range: "bytes=0-9", .ifRange: "\"other\""]),
            (.get, [.range: "bytes=0-9", .ifRange: tag]), (.get, [.ifNoneMatch: tag]),
        ])
        #expect(answers[0].0 == 416 && answers[0].2.isEmpty && answers[0].1[.contentRange] == "bytes */1000")
        #expect(answers[1].0 == 200 && answers[1].2 == Self.bytes, "a range of another version: the whole file")
        #expect(answers[2].0 == 206 && answers[2].2 == Array(Self.bytes[0...9]))
        #expect(answers[3].0 == 304 && answers[3].2.isEmpty)
    }
}
