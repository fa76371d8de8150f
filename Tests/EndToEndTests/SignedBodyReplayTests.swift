import Foundation
import Testing

/// The GitHub scheme signs the body alone and nothing in it expires: a captured request stays valid for good. Its
/// receipt must outlive the retention that purges every other, or the captured copy acts again.
@Suite struct SignedBodyReplayEndToEnd {
    @Test func aCapturedGitHubBodyReplayedAfterTheRetentionChangesNothing() throws {
        let (hooks, comment) = try WebhookDaemon.withACommentTaken("captured")
        hooks.daemon.stop()

        // Every receipt 40 days old, well past the 30 days' retention; a Standard Webhooks one beside it.
        let day: Int64 = 86_400_000
        let old = Int64(Date().timeIntervalSince1970 * 1000) - 40 * day
        let seeded = try runProgram(
            "/usr/bin/sqlite3",
            [
                hooks.daemon.database,
                """
                INSERT INTO webhook_receipts (source, id, draft_id, outcome, at) VALUES ('publisher', 'msg_old', 1, '{}', 0);
                UPDATE webhook_receipts SET at = \(old);
                """,
            ])
        #expect(seeded.code == 0, "\(seeded.stderr)")
        try hooks.daemon.start()
        #expect(hooks.daemon.waitFor(10) { hooks.daemon.log.contains("retention applied") }, "\(hooks.daemon.log)")
        let kept = try runProgram("/usr/bin/sqlite3", [hooks.daemon.database, "SELECT source FROM webhook_receipts"])
        #expect(kept.stdout == "review\n", "\(kept.stdout)")

        let replay = try hooks.send("review", scheme: "github", ["--body", comment, "--delivery", "fresh-id"])
        #expect(replay.map(\.0) == [200])
        #expect(replay.first?.1.contains(#""duplicate":true"#) == true, "\(replay)")
        #expect(try hooks.daemon.actions(1) == ["create", "submit", "comment"])
    }
}
