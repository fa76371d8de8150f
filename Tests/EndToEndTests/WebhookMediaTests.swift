import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A directory served over HTTP on a loopback port by Python's http.server, with every request's path logged.
final class FixtureServer {
    let directory: String
    let port: Int
    private let process: Process

    static let script = """
        import functools, http.server, sys
        root, log = sys.argv[1], sys.argv[2]
        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_request(self, code="-", size="-"):
                with open(log, "a") as f:
                    f.write(self.path + "\\n")
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    init() throws {
        directory = NSTemporaryDirectory() + "flowd-fixtures-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory + "/www", withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, directory + "/www", directory + "/requests.log"]
        port = try runReportingPort(process)
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Puts `data` at `path` under the served directory.
    func serve(_ path: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: directory + "/www/" + path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// The paths requested so far, in order.
    var requests: [String] {
        ((try? String(contentsOfFile: directory + "/requests.log", encoding: .utf8)) ?? "").split(separator: "\n")
            .map(String.init)
    }
}

/// A webhook attaches a medium by address only where its source's `media_from` allows it: fetched once per
/// delivery, with no redirects, through the same sniffer and limits as an upload.
@Suite struct WebhookMediaEndToEnd {
    /// A flowd with two sources that may edit: "dam", whose media_from is the server's /assets/, and "plain",
    /// without media_from.
    static func daemon(fetchingFrom base: String) throws -> WebhookDaemon {
        let hooks = try WebhookDaemon(
            sources: """
                [[webhooks.sources]]
                name = "dam"
                scheme = "standard"
                secret_files = ["dam.secret"]
                actor = "ana"
                actions = ["edit"]
                media_from = ["\(base)/assets/"]

                [[webhooks.sources]]
                name = "plain"
                scheme = "standard"
                secret_files = ["plain.secret"]
                actor = "ana"
                actions = ["edit"]
                """)
        for name in ["dam", "plain"] {
            _ = FileManager.default.createFile(
                atPath: hooks.daemon.directory + "/\(name).secret", contents: Data(hooks.standardSecret.utf8),
                attributes: [.posixPermissions: 0o600])
        }
        return hooks
    }

    @Test func aSourceWithMediaFromAttachesByAddressOncePerDeliveryAndNothingElse() throws {
        let server = try FixtureServer()
        let photo = try Data(contentsOf: URL(fileURLWithPath: MediaEndToEnd.fixtures + "/progressive.jpg"))
        try server.serve("assets/photo.jpg", photo)
        try server.serve("assets/page.jpg", Data("<!doctype html><html><body>hi</body></html>".utf8))
        try server.serve("assets/sub/index.html", Data("x".utf8))
        try server.serve("outside/photo.jpg", photo)
        let base = "http://127.0.0.1:\(server.port)"
        let hooks = try Self.daemon(fetchingFrom: base)
        try hooks.daemon.start()
        defer { _ = hooks.daemon.stop() }
        _ = try hooks.daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        func edit(_ source: String, _ url: String, delivery: String = UUID().uuidString) throws -> (Int, String) {
            let body = #"{"draft": 1, "action": "edit", "media_url": "\#(url)", "alt": "Our stand"}"#
            return try hooks.send(source, scheme: "standard", ["--body", body, "--delivery", delivery])[0]
        }

        // Refused before anything is fetched: a source without media_from, an address under no prefix.
        let plain = try edit("plain", base + "/assets/photo.jpg")
        #expect(plain.0 == 403)
        #expect(plain.1.contains("source plain may not name media by URL: set media_from"), "\(plain.1)")
        let outside = try edit("dam", base + "/outside/photo.jpg")
        #expect(outside.0 == 403)
        #expect(outside.1.contains("not under a prefix source dam may fetch from"), "\(outside.1)")
        let dotted = try edit("dam", base + "/assets/../outside/photo.jpg")
        #expect(dotted.0 == 400)
        #expect(server.requests.isEmpty)

        // Fetched and refused with the reason: a 404, HTML served as an image, a redirect (not followed).
        // A pre-signed address's query is its credential: neither the answer nor the log repeats it.
        let missing = try edit("dam", base + "/assets/missing.jpg?X-Amz-Signature=s3cr3t")
        #expect(missing.0 == 400)
        #expect(missing.1.contains("missing.jpg?… answered 404"), "\(missing.1)")
        #expect(!missing.1.contains("s3cr3t") && !hooks.daemon.log.contains("s3cr3t"))
        let html = try edit("dam", base + "/assets/page.jpg")
        #expect(html.0 == 400, "\(html.1)")
        let redirect = try edit("dam", base + "/assets/sub")
        #expect(redirect.0 == 400)
        #expect(redirect.1.contains("redirects are not followed"), "\(redirect.1)")
        #expect(
            server.requests.map { $0.split(separator: "?")[0] } == [
                "/assets/missing.jpg", "/assets/page.jpg", "/assets/sub",
            ])
        #expect(MediaEndToEnd.stored(hooks.daemon).isEmpty)
        #expect(try hooks.daemon.actions(1) == ["create"])

        // Attached, once per delivery.
        let attached = try edit("dam", base + "/assets/photo.jpg", delivery: "m-1")
        #expect(attached.0 == 200, "\(attached.1)")
        #expect(attached.1.contains(#""duplicate":false"#))
        let again = try edit("dam", base + "/assets/photo.jpg", delivery: "m-1")
        #expect(again.0 == 200)
        #expect(again.1.contains(#""duplicate":true"#))
        #expect(server.requests.filter { $0 == "/assets/photo.jpg" }.count == 1)
        let shown = try hooks.daemon.json(["show", "1"])
        let media = try #require(shown["media"] as? [[String: Any]])
        #expect(media.count == 1)
        #expect(media.first?["alt"] as? String == "Our stand")
        let hash = try #require(media.first?["sha256"] as? String)
        #expect(hash == (try MediaEndToEnd.sha256(MediaEndToEnd.fixtures + "/progressive.jpg")))
        let stored = hash.prefix(2) + "/" + hash.dropFirst(2)
        #expect(try MediaEndToEnd.sha256(hooks.daemon.directory + "/media/" + stored) == hash)
        #expect(MediaEndToEnd.stored(hooks.daemon) == [String(stored)])
        #expect(try hooks.daemon.actions(1) == ["create", "edit"])
        #expect(shown["revision"] as? Int == 2)
    }
}
