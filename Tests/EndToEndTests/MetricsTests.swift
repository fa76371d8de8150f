import Foundation
import Testing

private let scrapeScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Browser/scrape.py").path

@Suite struct MetricsEndToEnd {
    func scrape(_ port: Int) throws -> [String: Double] {
        let outcome = try runProgram("/usr/bin/env", ["python3", scrapeScript, "http://127.0.0.1:\(port)/metrics"])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Double]) ?? [:]
    }

    @Test func countersMoveWithTransitionsAndTheScrapeParses() throws {
        let port = testPort()
        // nina is on the agency side but narrowed to one client's account team.
        let daemon = try RunningDaemon(
            users: RunningDaemon.standardUsers
                + "[[users]]\nname = \"nina\"\nside = \"agency\"\nroles = [\"author\"]\nuid = 61007\nclients = [\"acme\"]\n\n",
            extra: "[metrics]\nlisten = \"127.0.0.1:\(port)\"\n")
        try daemon.start()
        let before = try scrape(port)
        #expect(before["flowd_build_info{version=0.1.0}"] == 1)
        #expect(before["flowd_transitions_total{action=create}", default: 0] == 0)
        let created = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        let id = try #require(created["id"] as? Int)
        #expect(try daemon.ctl(["--as", "ana", "submit", "\(id)"]).code == 0)
        #expect(try daemon.ctl(["--as", "carl", "approve", "\(id)"]).code == 0)
        let after = try scrape(port)
        #expect(after["flowd_transitions_total{action=create}"] == 1)
        #expect(after["flowd_transitions_total{action=submit}"] == 1)
        #expect(after["flowd_transitions_total{action=approve}"] == 1)
        #expect(after["flowd_drafts{client=acme,state=approved}"] == 1)
        #expect(after["flowd_drafts{client=acme,state=review}"] == 0)
        // One review, a few milliseconds long; three commits.
        #expect(after["flowd_review_duration_seconds_count{}"] == 1)
        #expect((after["flowd_commit_duration_seconds_count{}"] ?? 0) >= 3)
        #expect((after["flowd_commit_batch_size_count{}"] ?? 0) >= 3)
        // The control socket serves the same to the agency, and refuses company-side users.
        let agency = try runProgram(
            "/usr/bin/curl", ["-s", "--unix-socket", daemon.socket, "http://flowd/metrics"])
        #expect(agency.stdout.contains("flowd_transitions_total{action=\"approve\"} 1"), "\(agency.stdout.prefix(300))")
        // Company-side users, and an agency user narrowed to some clients, are refused: the metrics name them all.
        for uid in [RunningDaemon.uids["carl"] ?? 0, 61007] {
            let refused = try runProgram(
                "/usr/bin/setpriv",
                [
                    "--reuid=\(uid)", "--regid=\(getgid())", "--clear-groups", "--",
                    "/usr/bin/curl", "-s", "--unix-socket", daemon.socket, "http://flowd/metrics",
                ])
            #expect(refused.stdout.contains("metrics are for the agency"), "\(refused.stdout)")
            #expect(!refused.stdout.contains("flowd_drafts"))
        }
    }
}
