import Foundation
import Testing

/// Actions on drafts are answered on the connection's event loop, everything else by the router: on one keep-alive
/// connection, with requests sent all at once, the answers still come in order and each sees what the ones before
/// it did; errors and limits answer as the router's would.
@Suite struct ControlDirectRouteEndToEnd {
    /// Sends `requests` in one write on one connection and returns every answer in order: status, then body.
    func pipelined(_ daemon: RunningDaemon, _ requests: [String]) throws -> [(Int, [String: Any])] {
        try pipelinedWithHeads(daemon, requests).map { ($0.0, $0.1) }
    }

    /// As `pipelined`, with each answer's head as sent.
    func pipelinedWithHeads(_ daemon: RunningDaemon, _ requests: [String]) throws -> [(Int, [String: Any], String)] {
        let script = """
            import json, socket, sys
            requests = json.loads(sys.argv[1])
            s = socket.socket(socket.AF_UNIX)
            s.connect("\(daemon.socket)")
            s.settimeout(10)
            s.sendall("".join(requests).encode())
            data = b""
            while True:
                chunk = s.recv(1 << 20)
                if not chunk:
                    break
                data += chunk
            answers = []
            while data:
                head, _, rest = data.partition(b"\\r\\n\\r\\n")
                lines = head.decode().split("\\r\\n")
                fields = {k.lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
                length = int(fields["content-length"])
                answers.append([int(lines[0].split()[1]), json.loads(rest[:length] or b"{}"), head.decode()])
                data = rest[length:]
            print(json.dumps(answers))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let encoded = String(decoding: try JSONSerialization.data(withJSONObject: requests), as: UTF8.self)
        process.arguments = ["python3", "-c", script, encoded]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let answers = try #require(try JSONSerialization.jsonObject(with: data) as? [[Any]])
        return answers.map { ($0[0] as? Int ?? 0, $0[1] as? [String: Any] ?? [:], $0[2] as? String ?? "") }
    }

    static func post(_ path: String, _ body: String, close: Bool = false) -> String {
        "POST \(path) HTTP/1.1\r\nHost: flowd\r\nFlowd-As: ana\r\nContent-Type: application/json\r\nContent-Length: "
            + "\(body.utf8.count)\r\n\(close ? "Connection: close\r\n" : "")\r\n\(body)"
    }

    static func get(_ path: String) -> String { "GET \(path) HTTP/1.1\r\nHost: flowd\r\nFlowd-As: ana\r\n\r\n" }

    @Test func pipelinedActionsAndRouterRequestsAreAnsweredInOrder() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        _ = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        let oversize = "{\"message\":\"" + String(repeating: "x", count: 70_000) + "\"}"
        let answers = try pipelined(
            daemon,
            [
                Self.post("/v1/drafts/1/comment", "{\"message\":\"first\"}"),
                Self.get("/v1/drafts/1/events"),
                Self.post("/v1/drafts/1/comment", "{\"message\":\"second\"}"),
                Self.get("/v1/drafts/1/events"),
                Self.post("/v1/drafts/1/frobnicate", ""),
                Self.post("/v1/drafts/1/comment", "{\"message\":"),
                Self.post("/v1/drafts/1/comment", oversize),
                Self.post("/v1/drafts/99/comment", "{}"),
                Self.post("/v1/drafts/1/edit", "{\"revision\":1,\"title\":\"New\"}", close: true),
            ])
        #expect(answers.map(\.0) == [200, 200, 200, 200, 400, 400, 413, 404, 200])
        func messages(_ answer: (Int, [String: Any])) -> [String] {
            (answer.1["events"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        }
        // Each listing sees exactly the actions sent before it.
        #expect(messages(answers[1]) == ["first"])
        #expect(messages(answers[3]) == ["first", "second"])
        func code(_ answer: (Int, [String: Any])) -> String? {
            (answer.1["error"] as? [String: Any])?["code"] as? String
        }
        #expect(answers[0].1["id"] as? Int == 1)
        #expect(code(answers[4]) == "unknown_action")
        #expect(code(answers[5]) == "bad_json")
        #expect(code(answers[6]) == "payload_too_large")
        #expect(code(answers[7]) == "not_found")
        #expect(answers[8].1["title"] as? String == "New")
        // Nothing refused changed anything: the draft's history holds the two comments and the edit.
        #expect(try daemon.actions(1) == ["create", "comment", "comment", "edit"])
    }

    /// A connection of actions stays on the direct route, whose answers are written whole by flowd (their field names in
    /// lower case), errors included: an unknown action and a body over the limit too. At the first request the direct route does not read (here a chunked body) it steps aside
    /// for good: that request and every one after it are the router's (Hummingbird writes `Content-Type`).
    @Test func theDirectRouteKeepsAConnectionOfActionsAndStepsAsideAtAnyOtherForm() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        _ = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        let two = "{\"message\":\"two\"}"
        let chunked =
            "POST /v1/drafts/1/comment HTTP/1.1\r\nHost: flowd\r\nFlowd-As: ana\r\nTransfer-Encoding: chunked\r\n\r\n"
            + String(two.utf8.count, radix: 16) + "\r\n" + two + "\r\n0\r\n\r\n"
        let answers = try pipelinedWithHeads(
            daemon,
            [
                Self.post("/v1/drafts/1/comment", "{\"message\":\"one\"}"),
                Self.post("/v1/drafts/1/comment", "{\"message\":"),
                Self.post("/v1/drafts/99/comment", "{}"),
                Self.post("/v1/drafts/1/comment", "{\"message\":\"x\"}").replacingOccurrences(
                    of: "Flowd-As: ana", with: "Flowd-As: nobody"),
                Self.post("/v1/drafts/1/frobnicate", ""),
                Self.post("/v1/drafts/1/comment", "{\"message\":\"" + String(repeating: "x", count: 70_000) + "\"}"),
                chunked,
                Self.post("/v1/drafts/1/comment", "{\"message\":\"three\"}", close: true),
            ])
        #expect(answers.map(\.0) == [200, 400, 404, 403, 400, 413, 200, 200])
        let connection = answers.map { $0.2.contains("\r\ncontent-type: application/json") }
        #expect(connection == [true, true, true, true, true, true, false, false])
        let events = try daemon.json(["--as", "ana", "log", "1"])["events"] as? [[String: Any]] ?? []
        let messages = events.compactMap { $0["message"] as? String }
        #expect(messages == ["one", "two", "three"])
    }
}
