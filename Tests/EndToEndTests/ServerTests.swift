import FlowAPI
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A fake `NOTIFY_SOCKET`: a datagram socket that records what flowd sends, and on `READY=1` checks at once
/// whether the control socket accepts a request.
final class NotifyListener: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var received: [(at: Date, text: String, socketAnswered: Bool?)] = []
    private var open = true
    private let controlSocket: String

    init(path: String, controlSocket: String) throws {
        self.path = path
        self.controlSocket = controlSocket
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(rc == 0, "cannot bind \(path)")
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [self] in receiveLoop() }
        thread.start()
    }

    deinit { close(fd) }

    func stop() { lock.withLock { open = false } }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while lock.withLock({ open }) {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { continue }
            let text = String(decoding: buffer[0..<n], as: UTF8.self)
            var answered: Bool?
            if text.split(separator: "\n").contains("READY=1") {
                answered =
                    (try? ControlClient(socketPath: controlSocket).raw(method: "GET", path: "/v1/status", body: nil))
                    != nil
            }
            lock.withLock { received.append((Date(), text, answered)) }
        }
    }

    var messages: [(at: Date, text: String, socketAnswered: Bool?)] { lock.withLock { received } }

    func lines(_ prefix: String) -> [(at: Date, text: String, socketAnswered: Bool?)] {
        messages.filter { $0.text.split(separator: "\n").contains { $0.hasPrefix(prefix) } }
    }
}

@Suite(.serialized) struct ServerEndToEnd {
    @Test func readyOnlyOnceServingThenWatchdogReloadAndStopping() throws {
        let daemon = try RunningDaemon()
        let listener = try NotifyListener(path: daemon.directory + "/notify.sock", controlSocket: daemon.socket)
        defer { listener.stop() }
        daemon.environment = ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "400000"]
        try daemon.start()
        #expect(daemon.waitFor(5) { !listener.lines("READY=1").isEmpty })
        let ready = try #require(listener.lines("READY=1").first)
        #expect(ready.socketAnswered == true, "READY=1 came before the control socket answered")
        #expect(ready.text.contains("STATUS=serving"))
        // Before READY=1 only watchdog pings may come (the escalator's loop may start before the listeners).
        let before = listener.messages.prefix { !$0.text.contains("READY=1") }
        #expect(before.allSatisfy { $0.text == "WATCHDOG=1" })

        // WATCHDOG_USEC=400ms: a ping at least every 200 ms from the escalator's loop.
        usleep(1_200_000)
        let pings = listener.lines("WATCHDOG=1").map(\.at)
        #expect(pings.count >= 4, "only \(pings.count) watchdog pings in 1.2 s")
        let gaps = zip(pings.dropFirst(), pings).map { $0.timeIntervalSince($1) }
        #expect((gaps.max() ?? 1) < 0.35, "watchdog gap of \(gaps.max() ?? 0)s")

        kill(try #require(daemon.pid), SIGHUP)
        #expect(daemon.waitFor(5) { listener.lines("READY=1").count == 2 })
        let reloading = try #require(listener.lines("RELOADING=1").first)
        let readyAgain = try #require(listener.lines("READY=1").last)
        #expect(reloading.at <= readyAgain.at)

        #expect(daemon.stop() == 0)
        #expect(daemon.waitFor(2) { !listener.lines("STOPPING=1").isEmpty })
    }

    @Test func sighupAppliesAGoodConfigAndKeepsTheOldOneOnErrors() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        let original = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        let create = ["--as", "ana", "new", "--client", "globex", "--title", "T", "--body", "B"]
        #expect(try daemon.ctl(create).code != 0)

        let added =
            original + """

                [[clients]]
                id = "globex"
                name = "Globex"
                approvers = ["eve"]

                [[notify]]
                name = "relay"
                command = "cat > /dev/null"
                """
        try added.write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        kill(try #require(daemon.pid), SIGHUP)
        #expect(try daemon.waitFor(5) { try daemon.ctl(create).code == 0 })
        #expect((try daemon.json(["status"])["sinks"] as? [Any])?.count == 1)
        #expect(daemon.log.contains("configuration reloaded"))

        try (added + "\n[lanes.normal]\nrequired_approvals = 0\n").write(
            toFile: daemon.configPath, atomically: true, encoding: .utf8)
        kill(try #require(daemon.pid), SIGHUP)
        #expect(daemon.waitFor(5) { daemon.log.contains("reload refused") })
        #expect(daemon.log.contains("required_approvals must be between 1 and 10"))
        // The last good configuration is still the one in force.
        #expect(try daemon.ctl(create).code == 0)
        #expect((try daemon.json(["status"])["sinks"] as? [Any])?.count == 1)
    }

    @Test func aReloadAppliesTheLogLevelAndNamesWhatWaitsForARestart() throws {
        let port = testPort()
        let daemon = try RunningDaemon(extra: "[webhooks]\nlisten = \"127.0.0.1:\(port)\"\n")
        try daemon.start()
        let create = ["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"]
        #expect(try daemon.ctl(create).code == 0)
        #expect(daemon.waitFor(5) { daemon.log.contains("action=create") })
        let original = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        try original.replacingOccurrences(of: "log_level = \"info\"", with: "log_level = \"error\"")
            .replacingOccurrences(of: "[webhooks]\n", with: "[webhooks]\nrequest_timeout = \"3s\"\n")
            .write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        kill(try #require(daemon.pid), SIGHUP)
        #expect(daemon.waitFor(5) { daemon.log.contains("take effect at the next restart") })
        #expect(daemon.log.contains("settings=webhooks.request_timeout"), "\(daemon.log)")
        #expect(daemon.log.contains("log_level=error"), "\(daemon.log)")
        // At level error a transition's notice line is no longer written.
        let before = daemon.log.components(separatedBy: "action=create").count
        #expect(try daemon.ctl(create).code == 0)
        #expect(try daemon.ctl(create).code == 0)
        #expect(daemon.log.components(separatedBy: "action=create").count == before)
    }

    @Test func theSocketIs0660ForItsGroupAndAStaleOneIsReplaced() throws {
        // As root any group will do; otherwise the caller's own primary group is the one flowd may use.
        let group = getuid() == 0 ? "nogroup" : String(cString: getgrgid(getgid()).pointee.gr_name)
        let gid = getgrnam(group).pointee.gr_gid
        let daemon = try RunningDaemon(extra: "")
        let config = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "[daemon]\n", with: "[daemon]\nsocket_group = \"\(group)\"\n").write(
            toFile: daemon.configPath, atomically: true, encoding: .utf8)
        try daemon.start()
        var info = stat()
        #expect(stat(daemon.socket, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660)
        #expect(info.st_gid == gid)

        // A crash leaves the socket file behind; the next start replaces it.
        daemon.crash()
        #expect(FileManager.default.fileExists(atPath: daemon.socket))
        try daemon.start()
        #expect(try daemon.ctl(["status"]).code == 0)
        // And while it runs, a second flowd is refused with a clear message.
        let second = try runProgram(daemon.flowd, ["--config", daemon.configPath])
        #expect(second.code == 1 && second.stderr.contains("another flowd (pid \(daemon.pid ?? 0))"))
    }

    @Test func aBackupTakenUnderLoadIsConsistent() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        let (flowctl, socket) = (daemon.flowctl, daemon.socket)
        let writer = Thread {
            for index in 1...40 {
                _ = try? runProgram(
                    flowctl, ["--socket", socket, "--as", "ana", "new", "--client", "acme", "--title", "T\(index)"])
            }
        }
        writer.start()
        usleep(300_000)
        let copy = daemon.directory + "/backup"
        let outcome = try daemon.ctl(["backup", copy])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("backup written to \(copy)"))
        while writer.isExecuting { usleep(50_000) }
        let check = try runProgram(
            "/usr/bin/sqlite3", [copy + "/flowd.db", "PRAGMA integrity_check; SELECT count(*) FROM drafts;"])
        let lines = check.stdout.split(separator: "\n")
        #expect(lines.first == "ok")
        #expect((lines.last.flatMap { Int($0) } ?? 0) > 0)
        #expect(try daemon.ctl(["backup", copy]).stderr.contains("exists already"))
        #expect(try daemon.ctl(["--as", "ana", "backup", copy + ".2"]).stderr.contains("needs role admin"))
    }

    @Test func requestsAreServedWhileALargeDatabaseIsBackedUp() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        #expect(try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"]).code == 0)
        daemon.stop()
        // 192 MB of ballast: enough pages that the copy takes many steps.
        let ballast = try runProgram(
            "/usr/bin/sqlite3",
            [
                daemon.database,
                "CREATE TABLE ballast(b); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 48000) "
                    + "INSERT INTO ballast SELECT randomblob(4000) FROM c;",
            ])
        #expect(ballast.code == 0, "\(ballast.stderr)")
        try daemon.start()
        let copy = daemon.directory + "/large-backup"
        let (flowctl, socket) = (daemon.flowctl, daemon.socket)
        let done = Mutex<Outcome?>(nil)
        let backup = Thread {
            let outcome = try? runProgram(flowctl, ["--socket", socket, "backup", copy])
            done.withLock { $0 = outcome }
        }
        backup.start()
        #expect(daemon.waitFor(10) { FileManager.default.fileExists(atPath: copy + ".partial") })
        // The store answers while the copy is under way: the copy has its own connections and threads.
        var answered: [Double] = []
        while done.withLock({ $0 }) == nil && FileManager.default.fileExists(atPath: copy + ".partial") {
            let started = Date()
            _ = try ControlClient(socketPath: socket).raw(method: "GET", path: "/v1/status", body: nil)
            answered.append(Date().timeIntervalSince(started))
        }
        #expect(answered.count >= 5, "only \(answered.count) status requests were answered during the backup")
        #expect((answered.max() ?? 0) < 0.25, "a status request waited \(answered.max() ?? 0)s")
        #expect(daemon.waitFor(60) { done.withLock { $0 } != nil })
        #expect(done.withLock { $0?.code } == 0)
        #expect(!FileManager.default.fileExists(atPath: copy + ".partial"))
        let check = try runProgram(
            "/usr/bin/sqlite3",
            [copy + "/flowd.db", "PRAGMA integrity_check; SELECT count(*) FROM ballast; SELECT count(*) FROM drafts;"])
        #expect(check.stdout == "ok\n48000\n1\n" || check.stdout == "ok\n48000\n2\n", "\(check.stdout)")
    }

    @Test func underJournaldEachRecordIsOneLineWithAPriority() throws {
        let daemon = try RunningDaemon()
        daemon.environment = ["JOURNAL_STREAM": "8:12345"]
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        _ = try daemon.ctl(["--as", "carl", "approve", "1"])  // refused: an error line
        daemon.stop()
        let lines = daemon.log.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("<5>ready") })
        #expect(lines.contains { $0.hasPrefix("<5>create") && $0.contains("draft=1") })
        #expect(lines.contains { $0.hasPrefix("<3>refused approve") })
        #expect(lines.allSatisfy { $0.hasPrefix("<") })
        #expect(!daemon.log.contains("2026-"), "no timestamps of our own under journald")
    }

    @Test func installLaysDownBinariesUnitAndAConfigItNeverOverwrites() throws {
        let stage = NSTemporaryDirectory() + "flowd-stage-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: stage) }
        let install = repositoryRoot + "/scripts/install"
        let first = try runProgram(install, ["--destdir", stage, "--prefix", "/opt/flowd", "--bin-dir", binDirectory])
        #expect(first.code == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Next steps"))
        for program in ["flowd", "flowctl", "flowd-mail"] {
            #expect(FileManager.default.isExecutableFile(atPath: stage + "/opt/flowd/bin/" + program))
        }
        let unit = try String(contentsOfFile: stage + "/etc/systemd/system/flowd.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/opt/flowd/bin/flowd --config /etc/flowd/config.toml"))
        #expect(unit.contains("Type=notify") && unit.contains("WatchdogSec="))
        let configPath = stage + "/etc/flowd/config.toml"
        let config = try String(contentsOfFile: configPath, encoding: .utf8)
        #expect(config.contains("socket = \"/run/flowd/flowd.sock\""))
        #expect(config.contains("database = \"/var/lib/flowd/flowd.db\""))
        // Who may use flowctl (the socket's group) is not who may read the config and its secrets.
        #expect(config.contains("socket_group = \"flowctl\""))
        #expect(unit.contains("Group=flowd") && unit.contains("SupplementaryGroups=flowctl"))
        #expect(first.stdout.contains("usermod -aG flowctl ALICE") && !first.stdout.contains("usermod -aG flowd "))
        #expect(first.stdout.contains("chown root:flowd /etc/flowd/config.toml"))
        for document in ["README.md", "docs/operations.md", "docs/design.md", "docs/images/review-page-de-phone.png"] {
            #expect(FileManager.default.fileExists(atPath: stage + "/opt/flowd/share/doc/flowd/" + document))
        }
        for template in ["layout.mustache", "review.mustache", "status.mustache", "style.css"] {
            #expect(FileManager.default.fileExists(atPath: stage + "/opt/flowd/share/flowd/templates/" + template))
        }

        try "# mine\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let second = try runProgram(install, ["--destdir", stage, "--prefix", "/opt/flowd", "--bin-dir", binDirectory])
        #expect(second.code == 0)
        #expect(second.stdout.contains("keeping the existing"))
        #expect(try String(contentsOfFile: configPath, encoding: .utf8) == "# mine\n")
        #expect(try runProgram(install, ["--prefix", "relative"]).code == 64)
    }
}
