import Foundation
import Testing

@Suite struct RetentionEndToEnd {
    func sinks(_ daemon: RunningDaemon) throws -> [String: [String: Any]] {
        let list = try #require(try daemon.json(["status"])["sinks"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as? String ?? "", $0) })
    }

    @Test func oldDeliveriesAndReceiptsArePurgedAndARemovedSinksRowsAreShownThenDeadLettered() throws {
        let daemon = try RunningDaemon(extra: "[[notify]]\nname = \"relay\"\ncommand = \"cat > /dev/null\"\n")
        try daemon.start()
        let created = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        let id = try #require(created["id"] as? Int)
        #expect(try daemon.ctl(["--as", "ana", "submit", "\(id)"]).code == 0)
        #expect(try daemon.waitFor(10) { (try sinks(daemon)["relay"]?["delivered"] as? Int ?? 0) >= 1 })
        daemon.stop()

        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let day: Int64 = 86_400_000
        let seeded = try runProgram(
            "/usr/bin/sqlite3",
            [
                daemon.database,
                """
                UPDATE outbox SET delivered_at = \(now - 31 * day) WHERE state = 'delivered';
                INSERT INTO webhook_receipts (source, id, draft_id, outcome, at)
                    VALUES ('gh', 'old', \(id), 'ok', \(now - 31 * day)), ('gh', 'new', \(id), 'ok', \(now));
                INSERT INTO outbox (sink, webhook_id, type, draft_id, event_id, payload, state, created_at,
                    next_attempt_at) VALUES ('gone', 'msg_gone', 'draft.submitted', \(id), 1, '{}', 'pending',
                    \(now - 2 * day), \(now - 2 * day));
                """,
            ])
        #expect(seeded.code == 0, "\(seeded.stderr)")
        try daemon.start()
        #expect(daemon.waitFor(10) { daemon.log.contains("retention applied") }, "\(daemon.log)")
        let after = try sinks(daemon)
        #expect(after["relay"]?["delivered"] as? Int == 0)
        #expect(after["gone"]?["state"] as? String == "removed")
        #expect(after["gone"]?["dead"] as? Int == 1 && after["gone"]?["pending"] as? Int == 0)
        let receipts = try runProgram("/usr/bin/sqlite3", [daemon.database, "SELECT id FROM webhook_receipts"])
        #expect(receipts.stdout == "new\n")
        #expect(try daemon.ctl(["status"]).stdout.contains("gone"))
        // Its rows can still be listed by name.
        let rows = try daemon.deliveries(["--sink", "gone"])
        #expect(rows.count == 1 && rows.first?["state"] as? String == "dead")
        #expect((rows.first?["last_error"] as? String)?.contains("no longer in the config") == true)
        #expect(try daemon.ctl(["deliveries", "--sink", "never"]).code == 4)
    }

    @Test func aRetentionShorterThanTheSendersRetryWindowsIsRefused() throws {
        let daemon = try RunningDaemon()
        let config = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "[daemon]\n", with: "[daemon]\nretention = \"1d\"\n").write(
            toFile: daemon.configPath, atomically: true, encoding: .utf8)
        let outcome = try runProgram(daemon.flowd, ["check-config", "--config", daemon.configPath])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("daemon.retention must be at least 7d"), "\(outcome.stderr)")
    }
}
