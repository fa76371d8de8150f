import FlowAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A `flowctl events` running in the background, its output going to files.
private final class Follower {
    let process = Process()
    let out: String
    let err: String

    init(_ daemon: RunningDaemon, _ arguments: [String], uid: Int? = nil) throws {
        out = daemon.directory + "/follow-\(UUID().uuidString.prefix(6)).out"
        err = out + ".err"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let command = [daemon.flowctl, "--socket", daemon.socket, "events"] + arguments
        if let uid {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(uid)", "--regid=\(getgid())", "--clear-groups", "--"] + command
        } else {
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        }
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        try process.run()
    }

    deinit { if process.isRunning { process.terminate() } }

    var lines: [[String: Any]] {
        ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    var ids: [Int] { lines.compactMap { $0["id"] as? Int } }
    var stderr: String { (try? String(contentsOfFile: err, encoding: .utf8)) ?? "" }
}

@Suite struct EventStreamEndToEnd {
    func comment(_ daemon: RunningDaemon, _ draft: Int, _ text: String = "hi") throws {
        #expect(try daemon.ctl(["comment", "\(draft)", "-m", text]).code == 0)
    }

    @Test func aFollowerResumesAcrossARestartWithNothingMissedOrDoubled() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        let created = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        let draft = try #require(created["id"] as? Int)
        let follower = try Follower(daemon, ["-f", "--json"])
        usleep(300_000)
        try comment(daemon, draft, "one")
        try comment(daemon, draft, "two")
        #expect(daemon.waitFor(5) { follower.ids.count == 2 })
        // A stop ends the stream at once (the daemon does not wait for its followers), with the id to resume from.
        let stopping = Date()
        #expect(daemon.stop() == 0)
        #expect(Date().timeIntervalSince(stopping) < 5)
        follower.process.waitUntilExit()
        #expect(follower.process.terminationStatus == 69)
        let seen = follower.ids
        #expect(
            follower.stderr.contains("resume with flowctl events -f --since \(seen.last ?? 0)"), "\(follower.stderr)")

        try daemon.start()
        try comment(daemon, draft, "three")
        let resumed = try daemon.ctl(["events", "--json", "--since", "\(seen.last ?? 0)"])
        let more = resumed.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? Int
        }
        #expect(more.count == 1)
        let everything = try daemon.ctl(["events", "--json", "--since", "0"]).stdout.split(separator: "\n").count
        #expect([1] + seen + more == Array(1...everything), "\(seen) then \(more) of \(everything)")
        // Ids are stable across the restart: the resumed one is the next after the last seen.
        #expect(more.first == (seen.last ?? 0) + 1)
    }

    @Test func aCompanyFollowerSeesOnlyTheirClientsEventsAndBadQueriesAreClear() throws {
        let daemon = try RunningDaemon(
            extra: "[[clients]]\nid = \"globex\"\nname = \"Globex\"\napprovers = [\"eve\"]\n")
        try daemon.start()
        let carl = try Follower(daemon, ["-f", "--json"], uid: RunningDaemon.uids["carl"])
        let eve = try Follower(daemon, ["-f", "--json", "--type", "create"], uid: RunningDaemon.uids["eve"])
        usleep(300_000)
        for client in ["acme", "globex", "acme"] {
            _ = try daemon.ctl(["--as", "ana", "new", "--client", client, "--title", "T", "--body", "B"])
        }
        _ = try daemon.ctl(["comment", "3", "-m", "for acme"])
        #expect(daemon.waitFor(5) { carl.lines.count == 3 && eve.lines.count == 1 })
        usleep(200_000)
        #expect(carl.lines.allSatisfy { $0["client"] as? String == "acme" } && carl.lines.count == 3)
        #expect(eve.lines.map { $0["client"] as? String } == ["globex"])
        // Another client's draft or client answers as if it did not exist; bad queries name the problem.
        let hidden = try daemon.ctl(["--as", "carl", "events", "--draft", "2"])
        #expect(hidden.code == 4 && hidden.stderr.contains("no draft 2"))
        #expect(try daemon.ctl(["--as", "carl", "events", "--client", "globex"]).stderr.contains("no client"))
        let beyond = try daemon.ctl(["events", "--since", "999"])
        #expect(beyond.code == 1 && beyond.stderr.contains("since 999 is beyond the last event (4)"))
        #expect(try daemon.ctl(["events", "--type", "nope"]).code == 64)
    }

    /// A reload that takes a client from a person narrows the stream they opened before it: what the config no
    /// longer lets them see is not streamed to them.
    @Test func aReloadNarrowsAFollowerOpenedBeforeIt() throws {
        let globex = "[[clients]]\nid = \"globex\"\nname = \"Globex\"\napprovers = [\"eve\"]\nmembers = [\"carl\"]\n"
        let daemon = try RunningDaemon(extra: globex)
        try daemon.start()
        let carl = try Follower(daemon, ["-f", "--json"], uid: RunningDaemon.uids["carl"])
        usleep(300_000)
        let create = { (client: String) in
            _ = try daemon.ctl(["--as", "ana", "new", "--client", client, "--title", "T", "--body", "B"])
        }
        try create("globex")
        #expect(daemon.waitFor(5) { carl.lines.count == 1 }, "carl, a globex member, sees its draft")
        let config = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "members = [\"carl\"]\n", with: "").write(
            toFile: daemon.configPath, atomically: true, encoding: .utf8)
        kill(try #require(daemon.pid), SIGHUP)
        #expect(daemon.waitFor(5) { daemon.log.contains("configuration reloaded") })
        try create("globex")
        try create("acme")
        #expect(daemon.waitFor(5) { carl.lines.count == 2 })
        usleep(300_000)
        #expect(carl.lines.map { $0["client"] as? String } == ["globex", "acme"], "\(carl.lines)")
    }

    /// Without --json: a header, then an event a line in fixed columns, so each column starts in the same place
    /// on every line; a refused query prints no header, and --json none at all.
    @Test func humanLinesAreColumnsUnderAHeader() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        #expect(try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"]).code == 0)
        try comment(daemon, 1, "looks good")
        #expect(try daemon.ctl(["--as", "ana", "submit", "1"]).code == 0)
        let lines = try daemon.ctl(["events"]).stdout.split(separator: "\n")
        #expect(lines.count == 4, "\(lines)")
        let header = try #require(lines.first)
        #expect(header.hasPrefix("   ID  TIME"), "\(header)")
        func column(_ word: String, _ line: Substring) -> Int? {
            line.range(of: word).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
        }
        let rows: [(String, String, String)] = [
            ("create", "draft", "ana"), ("comment", "draft", ""), ("submit", "draft → review", "ana"),
        ]
        for ((action, state, actor), line) in zip(rows, lines.dropFirst()) {
            #expect(column("acme", line) == column("CLIENT", header), "\(line)")
            #expect(column("#1", line) == column("DRAFT", header).map { $0 + 3 }, "\(line)")  // right-aligned
            #expect(column(action, line) == column("ACTION", header), "\(line)")
            #expect(column(state, line) == column("STATE", header), "\(line)")
            if !actor.isEmpty { #expect(column(actor, line) == column("ACTOR", header), "\(line)") }
        }
        #expect(column("looks good", lines[2]) == column("MESSAGE", header))
        let refused = try daemon.ctl(["events", "--since", "999"])
        #expect(refused.code == 1 && !refused.stdout.contains("TIME"))
        let json = try daemon.ctl(["events", "--json"]).stdout.split(separator: "\n")
        #expect(!json.isEmpty && json.allSatisfy { $0.hasPrefix("{") }, "\(json)")
    }

    @Test func aFollowerThatStopsReadingIsDroppedAndTransitionsDoNotWait() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        let created = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        let draft = try #require(created["id"] as? Int)
        let go = daemon.directory + "/read-now"
        // A raw client that asks to follow and then reads nothing until told to.
        let script = """
            import os, socket, time
            s = socket.socket(socket.AF_UNIX)
            s.connect("\(daemon.socket)")
            s.sendall(b"GET /v1/events?follow=true HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n")
            while not os.path.exists("\(go)"):
                time.sleep(0.05)
            data = b""
            s.settimeout(5)
            deadline = time.monotonic() + 20
            try:
                while time.monotonic() < deadline:
                    chunk = s.recv(1 << 20)
                    if not chunk:
                        break
                    data += chunk
            except TimeoutError:
                print("TIMED OUT")
            print(data.decode(errors="replace"))
            """
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        reader.arguments = ["python3", "-c", script]
        let output = Pipe()
        reader.standardOutput = output
        try reader.run()
        usleep(300_000)
        // Each commit is one chunk of about 16 KB: the socket's buffers fill, then the follower's queue.
        let message = String(repeating: "m", count: 16_000)
        let body = Array(#"{"message": "\#(message)"}"#.utf8)
        var slowest = 0.0
        for _ in 0..<1500 where !daemon.log.contains("event follower dropped") {
            let started = Date()
            let answer = try daemon.client.raw(method: "POST", path: "/v1/drafts/\(draft)/comment", body: body)
            #expect(answer.status == 200)
            slowest = max(slowest, Date().timeIntervalSince(started))
        }
        #expect(daemon.log.contains("event follower dropped"))
        #expect(slowest < 0.5, "a commit waited \(slowest)s for a follower")
        _ = FileManager.default.createFile(atPath: go, contents: nil)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").filter {
            $0.hasPrefix("{")
        }
        let last = try #require(lines.last, "\(text.prefix(600))")
        #expect(last.contains("this follower stopped reading; resume with --since"), "\(last)")
        // Everything before the last line arrived in order and without gaps.
        let ids = lines.dropLast().compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? Int
        }
        #expect(!ids.isEmpty && ids == Array(ids[0]...(ids.last ?? 0)))
        #expect(last.contains("--since \(ids.last ?? -1)"))
        #expect(try daemon.ctl(["status"]).code == 0)
    }
}
