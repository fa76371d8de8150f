import FlowAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct DraftLifeEndToEnd {
    @Test func aDraftLivesItsWholeLifeAndSurvivesARestart() throws {
        let daemon = try RunningDaemon()
        try daemon.start()

        let created = try daemon.json(
            [
                "--as", "ana", "new", "--client", "acme", "--title", "Launch post", "--channel", "linkedin",
                "--body", "We launch soon.",
            ])
        #expect(created["id"] as? Int == 1)
        #expect(created["state"] as? String == "draft")
        #expect(created["revision"] as? Int == 1)

        #expect(try daemon.ctl(["--as", "ana", "submit", "1"]).code == 0)
        let changes = try daemon.ctl(["--as", "carl", "request-changes", "1", "-m", "Name the date"])
        #expect(changes.code == 0)
        #expect(changes.stdout.contains("draft 1: draft"))

        // Body from standard input, as a pipe would give it.
        let edited = try daemon.ctl(
            ["--as", "ana", "edit", "1", "--revision", "1", "--json"], stdin: "We launch on May 1.")
        #expect(edited.code == 0)
        #expect(edited.stdout.contains("\"revision\" : 2"))
        #expect(try daemon.ctl(["--as", "ana", "submit", "1", "--revision", "2"]).code == 0)
        let approved = try daemon.json(["--as", "carl", "approve", "1", "--revision", "2", "-m", "Good to go"])
        #expect(approved["state"] as? String == "approved")
        let hash = try #require(approved["content_hash"] as? String)
        #expect(approved["approved_hash"] as? String == hash)

        let published = try daemon.json(
            ["--as", "pia", "publish", "1", "--url", "https://linkedin.example/p/1", "--hash", hash])
        #expect(published["state"] as? String == "published")
        #expect(published["published_url"] as? String == "https://linkedin.example/p/1")

        let before = try daemon.ctl(["show", "1", "--json"])
        let logBefore = try daemon.ctl(["log", "1", "--json"])
        let shown = try daemon.json(["show", "1"])
        for key in ["id", "client", "lane", "state", "revision", "approvals", "content_hash"] {
            #expect(shown[key] != nil, "show --json lacks \(key)")
        }
        let events = try #require(try daemon.json(["log", "1"])["events"] as? [[String: Any]])
        #expect(
            events.map { $0["action"] as? String } == [
                "create", "submit", "request-changes", "edit", "submit", "approve", "publish",
            ])
        // Every person acted from their own Unix account: no one acted for another.
        #expect(events.map { $0["actor"] as? String } == ["ana", "ana", "carl", "ana", "ana", "carl", "pia"])
        #expect(events.allSatisfy { $0["via"] == nil })
        #expect(events[2]["message"] as? String == "Name the date")

        #expect(daemon.stop() == 0)
        try daemon.start()
        #expect(try daemon.ctl(["show", "1", "--json"]).stdout == before.stdout)
        #expect(try daemon.ctl(["log", "1", "--json"]).stdout == logBefore.stdout)
        let status = try daemon.json(["status"])
        #expect((status["drafts"] as? [String: Int])?["published"] == 1)
        #expect(status["database"] as? String == daemon.database)
        #expect(status["you"] as? String == "ops")
        #expect(daemon.log.contains("publish"))
    }

    @Test func humanOutputShowsTablesAndTheDraft() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "Hello", "--body", "Body text"])
        let list = try daemon.ctl(["ls"])
        #expect(list.code == 0)
        #expect(list.stdout.hasPrefix("ID"))
        #expect(list.stdout.contains("Hello"))
        let show = try daemon.ctl(["show", "1"])
        #expect(show.stdout.contains("Body text"))
        #expect(show.stdout.contains("edit, submit, withdraw, comment"))
        let status = try daemon.ctl(["status"])
        #expect(status.stdout.contains("draft 1"))
    }
}

@Suite struct RefusalsEndToEnd {
    @Test func refusalsHaveTheDocumentedExitCodesAndChangeNothing() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        _ = try daemon.ctl(["--as", "bob", "new", "--client", "acme", "--title", "T", "--body", "B"])
        _ = try daemon.ctl(["--as", "bob", "submit", "1"])

        let own = try daemon.ctl(["--as", "bob", "approve", "1"])
        #expect(own.code == 3)
        #expect(own.stderr.contains("wrote revision 1"))
        // eve belongs to no client: ACME's draft answers her as if it did not exist.
        let unlisted = try daemon.ctl(["--as", "eve", "approve", "1"])
        #expect(unlisted.code == 4)
        #expect(unlisted.stderr == "flowctl: no draft 1\n")
        let stale = try daemon.ctl(["--as", "carl", "approve", "1", "--revision", "7"])
        #expect(stale.code == 3)
        #expect(stale.stderr.contains("revision 1, not 7"))
        let wrongState = try daemon.ctl(["--as", "pia", "publish", "1", "--json"])
        #expect(wrongState.code == 3)
        #expect(wrongState.stdout.contains("\"invalid_transition\""))
        #expect(wrongState.stderr.contains("state review"))
        #expect(wrongState.stderr.contains("approve, request-changes, acknowledge, withdraw, comment"))
        let missing = try daemon.ctl(["show", "99"])
        #expect(missing.code == 4)
        #expect(missing.stderr.contains("no draft 99"))
        let unknownUser = try daemon.ctl(["--as", "zoe", "status"])
        #expect(unknownUser.code == 1)
        #expect(unknownUser.stderr.contains("zoe"))
        let usage = try daemon.ctl(["approve"])
        #expect(usage.code == 64)
        let noReason = try daemon.ctl(["--as", "carl", "request-changes", "1"])
        #expect(noReason.code == 64)

        let log = try #require(try daemon.json(["log", "1"])["events"] as? [[String: Any]])
        #expect(log.count == 2)
        #expect(try daemon.json(["show", "1"])["state"] as? String == "review")
    }

    @Test func anUnreachableDaemonIsExit69NamingTheSocket() throws {
        let path = NSTemporaryDirectory() + "no-flowd-here.sock"
        let outcome = try runProgram(binDirectory + "/flowctl", ["status"], environment: ["FLOWD_SOCKET": path])
        #expect(outcome.code == 69)
        #expect(outcome.stderr.contains(path))
    }

    @Test func aNonAdminCannotActAsAnother() throws {
        let users = """
            [[users]]
            name = "ana"
            side = "agency"
            roles = ["author"]
            unix_user = "@self"

            [[users]]
            name = "carl"
            side = "company"
            roles = ["approver"]
            """
        let daemon = try RunningDaemon(users: users)
        try daemon.start()
        let outcome = try daemon.ctl(["--as", "carl", "status"], impersonate: true)
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("needs role admin"))
        #expect(try daemon.ctl(["status"]).code == 0)
    }

    @Test func anUnknownUidIsRefusedByNumber() throws {
        let daemon = try RunningDaemon(users: "[[users]]\nname = \"x\"\nside = \"agency\"\nuid = 4000000\n")
        try daemon.start()
        let outcome = try daemon.ctl(["status"])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("uid \(getuid())"))
    }
}

@Suite struct BadInputEndToEnd {
    @Test func badRequestsGetClearErrorsAndTheDaemonKeepsServing() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        let client = daemon.client
        let ops = [("Flowd-As", "ana")]

        func expectError(_ answer: HTTPAnswer, _ status: Int, _ code: String) {
            #expect(answer.status == status)
            let body = String(decoding: answer.body, as: UTF8.self)
            #expect(body.contains("\"code\":\"\(code)\""), "\(body)")
        }

        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 200_000)
        expectError(
            try client.raw(method: "POST", path: "/v1/drafts", body: big, headers: ops), 413, "payload_too_large")
        expectError(
            try client.raw(method: "POST", path: "/v1/drafts", body: Array("{\"client\":".utf8), headers: ops), 400,
            "bad_json")
        expectError(
            try client.raw(method: "POST", path: "/v1/drafts", body: Array("{\"client\":\"acme\"}".utf8), headers: ops),
            400, "bad_json")
        let invalidUTF8: [UInt8] = Array("{\"client\":\"acme\",\"title\":\"".utf8) + [0xff, 0xfe] + Array("\"}".utf8)
        expectError(
            try client.raw(method: "POST", path: "/v1/drafts", body: invalidUTF8, headers: ops), 400, "bad_json")
        expectError(
            try client.raw(method: "POST", path: "/v1/drafts/1/frobnicate", body: nil, headers: ops), 400,
            "unknown_action")
        expectError(
            try client.raw(method: "POST", path: "/v1/drafts/abc/submit", body: nil, headers: ops), 404, "not_found")
        expectError(try client.raw(method: "GET", path: "/v1/nothing", body: nil), 404, "not_found")
        expectError(try client.raw(method: "GET", path: "/v1/drafts?state=bogus", body: nil), 400, "invalid_request")
        expectError(
            try client.raw(
                method: "POST", path: "/v1/drafts/1/edit", body: Array("{\"revision\":\"one\"}".utf8), headers: ops),
            400, "bad_json")
        expectError(
            try client.raw(method: "GET", path: "/v1/status", body: nil, headers: [("Flowd-As", "nobody")]), 403,
            "unknown_user")

        // Many clients at once while bad input flows: the daemon answers them all.
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let answer = try? client.raw(method: "GET", path: i % 2 == 0 ? "/v1/status" : "/v1/drafts/1", body: nil)
            #expect(answer?.status == 200)
        }
        let events = try #require(try daemon.json(["log", "1"])["events"] as? [[String: Any]])
        #expect(events.count == 1)
        #expect(try daemon.json(["show", "1"])["revision"] as? Int == 1)
        #expect(!daemon.log.contains("critical"))
    }
}

@Suite struct DaemonProcessEndToEnd {
    @Test func aSecondInstanceOnTheSameSocketIsRefused() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        let second = try runProgram(daemon.flowd, ["--config", daemon.configPath])
        #expect(second.code != 0)
        #expect(second.stderr.contains("another flowd"))
        #expect(try daemon.ctl(["status"]).code == 0)
    }

    @Test func aSecondInstanceOnTheSameDatabaseIsRefusedWhateverItsSocket() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        let other = daemon.directory + "/other.toml"
        let config = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
            .replacingOccurrences(of: "socket = \"flowd.sock\"", with: "socket = \"other.sock\"")
        try config.write(toFile: other, atomically: true, encoding: .utf8)
        let second = try runProgram(daemon.flowd, ["--config", other])
        #expect(second.code != 0)
        #expect(
            second.stderr.contains("another flowd (pid \(daemon.pid ?? 0)) is using the database"), "\(second.stderr)")
        #expect(!FileManager.default.fileExists(atPath: daemon.directory + "/other.sock"))
        #expect(try daemon.ctl(["status"]).code == 0)
    }

    /// The lock is the database file's own, not its path's: the same file by another name is the same database.
    @Test func aSecondInstanceOnTheSameDatabaseThroughAnotherPathIsRefused() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        let elsewhere = daemon.directory + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: elsewhere + "/linked.db", withDestinationPath: daemon.database)
        try FileManager.default.linkItem(atPath: daemon.database, toPath: elsewhere + "/hard.db")
        for (name, database) in [("linked", "elsewhere/linked.db"), ("hard", "elsewhere/hard.db")] {
            let other = daemon.directory + "/\(name).toml"
            let config = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
                .replacingOccurrences(of: "socket = \"flowd.sock\"", with: "socket = \"\(name).sock\"")
                .replacingOccurrences(of: "database = \"flowd.db\"", with: "database = \"\(database)\"")
            try config.write(toFile: other, atomically: true, encoding: .utf8)
            let second = try runProgram(daemon.flowd, ["--config", other])
            #expect(second.code != 0)
            #expect(
                second.stderr.contains(
                    "another flowd (pid \(daemon.pid ?? 0)) is using the database \(daemon.directory)/\(database)"),
                "\(second.stderr)")
            #expect(!FileManager.default.fileExists(atPath: daemon.directory + "/\(name).sock"))
        }
        // Through the symbolic link the message also names the file it leads to.
        let linked = try runProgram(daemon.flowd, ["--config", daemon.directory + "/linked.toml"])
        #expect(linked.stderr.contains("(the file \(daemon.database))"), "\(linked.stderr)")
        #expect(try daemon.ctl(["status"]).code == 0)
        // Once the first is gone, the same database starts through the link.
        daemon.stop()
        let again = try RunningDaemon()
        try FileManager.default.removeItem(atPath: again.configPath)
        let config = try String(contentsOfFile: daemon.directory + "/linked.toml", encoding: .utf8)
            .replacingOccurrences(of: "socket = \"linked.sock\"", with: "socket = \"\(again.socket)\"")
            .replacingOccurrences(
                of: "database = \"elsewhere/linked.db\"", with: "database = \"\(elsewhere)/linked.db\"")
        try config.write(toFile: again.configPath, atomically: true, encoding: .utf8)
        try again.start()
        #expect(try again.ctl(["status"]).code == 0)
    }

    @Test func aSymlinkedLockFileIsRefused() throws {
        let daemon = try RunningDaemon()
        let victim = daemon.directory + "/victim"
        try "keep me\n".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: daemon.socket + ".lock", withDestinationPath: victim)
        let outcome = try runProgram(daemon.flowd, ["--config", daemon.configPath])
        #expect(outcome.code != 0)
        #expect(outcome.stderr.contains("symbolic link"), "\(outcome.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me\n")
    }

    @Test func checkConfigPointsAtTheLine() throws {
        let daemon = try RunningDaemon(extra: "[lanes.normal]\nrequired_approvals = 0\n")
        let outcome = try runProgram(daemon.flowd, ["check-config", "--config", daemon.configPath])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("line "))
        #expect(outcome.stderr.contains("required_approvals must be between 1 and 10"))
        let good = try RunningDaemon()
        let ok = try runProgram(good.flowd, ["check-config", "--config", good.configPath])
        #expect(ok.code == 0)
        // eve is in no client: she could see nothing. A warning with her line, not an error.
        #expect(ok.stderr.contains("warning: line "), "\(ok.stderr)")
        #expect(ok.stderr.contains(#"company-side user "eve" belongs to no client"#), "\(ok.stderr)")
    }

    @Test func aBadConfigKeepsTheDaemonFromStarting() throws {
        let daemon = try RunningDaemon(extra: "[daemon2]\n")
        let outcome = try runProgram(daemon.flowd, ["--config", daemon.configPath])
        #expect(outcome.code == 78)
        #expect(outcome.stderr.contains("unknown key"))
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
    }

    @Test func theSocketIsNotWorldAccessible() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        let attributes = try FileManager.default.attributesOfItem(atPath: daemon.socket)
        let mode = (attributes[.posixPermissions] as? Int ?? 0o777) & 0o777
        #expect(mode & 0o007 == 0)
    }
}

@Suite struct TerminalSafetyEndToEnd {
    @Test func escapeSequencesInUserTextNeverReachTheTerminal() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        let title = "Launch \u{1B}]0;pwned\u{07}\u{1B}[2J now"
        #expect(
            try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", title, "--body", "a\u{9B}b\nline two"])
                .code == 0)
        for verb in [["ls"], ["show", "1"], ["log", "1"]] {
            let out = try daemon.ctl(verb).stdout
            #expect(!out.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{9B}" }, "\(verb)")
            #expect(out.contains("\u{FFFD}") || verb == ["log", "1"], "\(verb)")
        }
        #expect(try daemon.ctl(["show", "1"]).stdout.contains("a\u{FFFD}b\nline two"))
        // --json carries the text exactly, for scripts.
        #expect(try daemon.json(["show", "1"])["title"] as? String == title)
    }
}

@Suite struct LogPagingEndToEnd {
    @Test func aLongHistoryComesInPages() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        for index in 1...4 { #expect(try daemon.ctl(["--as", "ana", "comment", "1", "-m", "c\(index)"]).code == 0) }
        let first = try daemon.json(["log", "1", "--limit", "2"])
        #expect((first["events"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["create", "comment"])
        let after = try #require(first["next_after"] as? Int)
        let second = try daemon.json(["log", "1", "--limit", "2", "--after", "\(after)"])
        #expect((second["events"] as? [[String: Any]])?.compactMap { $0["message"] as? String } == ["c2", "c3"])
        let last = try daemon.json(["log", "1", "--after", "\(try #require(second["next_after"] as? Int))"])
        #expect((last["events"] as? [[String: Any]])?.count == 1)
        #expect(last["next_after"] == nil)
        #expect(try daemon.ctl(["log", "1", "--limit", "2"]).stdout.contains("(more: --after \(after))"))
        #expect(try daemon.ctl(["log", "1", "--limit", "0"]).code == 64)
    }
}
