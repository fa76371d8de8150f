import Foundation
import Testing

/// The media fixtures `MediaFixtureTests` reads, written by real encoders.
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("FlowCoreTests/Fixtures").path

/// An answer's status, headers and exact bytes, as curl saw them (`Range` sent when given).
func fetchBytes(_ url: String, range: String? = nil, head: Bool = false) throws -> (Int, [String: String], Data) {
    let scratch = NSTemporaryDirectory() + "flowd-media-" + UUID().uuidString.prefix(8)
    defer {
        try? FileManager.default.removeItem(atPath: scratch + ".body")
        try? FileManager.default.removeItem(atPath: scratch + ".head")
    }
    var arguments = ["-s", "--max-time", "10", "-o", scratch + ".body", "-D", scratch + ".head"]
    if let range { arguments += ["-H", "Range: \(range)"] }
    if head { arguments += ["-I"] }
    _ = try runProgram("/usr/bin/curl", arguments + [url])
    let head = (try? String(contentsOfFile: scratch + ".head", encoding: .utf8)) ?? ""
    var lines = head.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map(String.init)
    let status = lines.isEmpty ? 0 : Int(lines.removeFirst().split(separator: " ").dropFirst().first ?? "") ?? 0
    var fields: [String: String] = [:]
    for line in lines {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let body = (try? Data(contentsOf: URL(fileURLWithPath: scratch + ".body"))) ?? Data()
    return (status, fields, body)
}

@Suite(.serialized) struct ReviewMediaEndToEnd {
    /// Ana attaches a video and a picture with flowctl; carl's page shows both and each channel's frame, and his
    /// link serves the exact bytes whose hashes the revision binds, in ranges for the video; once carl decides,
    /// the address answers as an unknown link does.
    @Test func aReviewerSeesAndFetchesTheRevisionsMediaThroughTheirLink() throws {
        let port = testPort()
        let daemon = try RunningDaemon(
            extra: "[webhooks]\nlisten = \"127.0.0.1:\(port)\"\npublic_url = \"http://127.0.0.1:\(port)\"\n")
        try daemon.start()
        _ = try daemon.json([
            "--as", "ana", "new", "--client", "acme", "--title", "Launch", "--body", "We launch.", "--channel",
            "linkedin",
        ])
        for (file, alt) in [("h264-aac.mp4", "A test pattern <b>moving</b>"), ("progressive.jpg", "")] {
            let outcome = try daemon.ctl(["--as", "ana", "attach", "1", fixtures + "/" + file, "--alt", alt])
            #expect(outcome.code == 0, "attach \(file): \(outcome.stderr)")
        }
        #expect(try daemon.ctl(["--as", "ana", "submit", "1"]).code == 0)
        let shown = try daemon.json(["show", "1"])
        let media = try #require(shown["media"] as? [[String: Any]])
        let hashes = media.compactMap { $0["sha256"] as? String }
        #expect(hashes.count == 2)
        let url = try #require(try daemon.json(["links", "new", "1", "--for", "carl"])["url"] as? String)
        let token = String(url.split(separator: "/").last ?? "")

        let page = try fetch(url)
        #expect(page.status == 200)
        #expect(page.body.contains(#"<video controls preload="metadata" src="\#(token)/media/1""#))
        #expect(page.body.contains(#"<img src="\#(token)/media/2""#))
        #expect(page.body.contains("A test pattern &lt;b&gt;moving&lt;/b&gt;"))
        #expect(page.body.contains("No alt text"))
        #expect(page.body.contains(#"<p class="feed-name"><b>LinkedIn</b>"#))
        #expect(page.headers["content-security-policy"]?.contains("img-src 'self'; media-src 'self'") == true)

        for (position, hash) in hashes.enumerated() {
            let (status, headers, body) = try fetchBytes(url + "/media/\(position + 1)")
            #expect(status == 200)
            #expect(headers["etag"] == "\"\(hash)\"")
            #expect(headers["x-content-type-options"] == "nosniff" && headers["content-security-policy"] == "sandbox")
            let written = NSTemporaryDirectory() + "flowd-fetched-\(hash.prefix(8))"
            try body.write(to: URL(fileURLWithPath: written))
            defer { try? FileManager.default.removeItem(atPath: written) }
            let sum = try runProgram("/usr/bin/sha256sum", [written]).stdout.prefix(64)
            #expect(String(sum) == hash, "the bytes served are the bytes the revision binds")
        }
        let (whole, _, all) = try fetchBytes(url + "/media/1")
        let (partial, headers, part) = try fetchBytes(url + "/media/1", range: "bytes=100-199")
        #expect(whole == 200 && partial == 206 && part == all.subdata(in: 100..<200))
        #expect(headers["content-range"] == "bytes 100-199/\(all.count)")
        let (unsatisfiable, _, _) = try fetchBytes(url + "/media/1", range: "bytes=\(all.count)-")
        #expect(unsatisfiable == 416)
        // Fetching changed nothing; once carl approves, his link serves nothing more.
        #expect(try daemon.actions(1).last == "link-shown")
        #expect(try fetch(url, form: ["csrf": csrf(page) ?? "", "action": "approve"]).status == 303)
        let (after, _, _) = try fetchBytes(url + "/media/1")
        #expect(after == 404)
    }
}
