import Foundation
import Testing

private let scrapeScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Browser/scrape.py").path

/// A token for the TCP listener, in a file only its owner may read, as Prometheus' `credentials_file` would be.
private let metricsToken = "c2NyYXBlLXRva2VuLWZvci10ZXN0cy0wMTIz"

extension RunningDaemon {
    var metricsTokenFile: String { directory + "/metrics.token" }

    func writeMetricsToken(_ text: String = metricsToken) throws {
        _ = FileManager.default.createFile(
            atPath: metricsTokenFile, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
    }
}

@Suite struct MetricsEndToEnd {
    func scrape(_ port: Int, tokenFile: String) throws -> [String: Double] {
        let outcome = try runProgram(
            "/usr/bin/env", ["python3", scrapeScript, "http://127.0.0.1:\(port)/metrics", tokenFile])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Double]) ?? [:]
    }

    @Test func countersMoveWithTransitionsAndTheScrapeParses() throws {
        let port = testPort()
        // nina is on the agency side but narrowed to one client's account team.
        let daemon = try RunningDaemon(
            users: RunningDaemon.standardUsers
                + "[[users]]\nname = \"nina\"\nside = \"agency\"\nroles = [\"author\"]\nuid = 61007\nclients = [\"acme\"]\n\n",
            extra: "[metrics]\nlisten = \"127.0.0.1:\(port)\"\ntoken_file = \"metrics.token\"\n")
        try daemon.writeMetricsToken()
        try daemon.start()
        let before = try scrape(port, tokenFile: daemon.metricsTokenFile)
        #expect(before["flowd_build_info{version=0.1.0}"] == 1)
        #expect(before["flowd_transitions_total{action=create}", default: 0] == 0)
        let created = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        let id = try #require(created["id"] as? Int)
        #expect(try daemon.ctl(["--as", "ana", "submit", "\(id)"]).code == 0)
        #expect(try daemon.ctl(["--as", "carl", "approve", "\(id)"]).code == 0)
        let after = try scrape(port, tokenFile: daemon.metricsTokenFile)
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

    /// `curl -i` against the TCP listener: the status, the head and the body.
    private func fetch(_ port: Int, _ headers: [String]) throws -> (status: Int, head: String, body: String) {
        let outcome = try runProgram(
            "/usr/bin/curl",
            ["-s", "-i", "http://127.0.0.1:\(port)/metrics"] + headers.flatMap { ["-H", $0] })
        let parts = outcome.stdout.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, head, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    @Test func theTCPListenerServesOnlyWhoPresentsTheToken() throws {
        let port = testPort()
        let daemon = try RunningDaemon(
            extra: "[metrics]\nlisten = \"127.0.0.1:\(port)\"\ntoken_credential = \"metrics\"\n")
        // A systemd credential (LoadCredential=), as the unit would hand it over.
        let credentials = daemon.directory + "/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: credentials + "/metrics", contents: Data(metricsToken.utf8), attributes: [.posixPermissions: 0o400])
        daemon.environment["CREDENTIALS_DIRECTORY"] = credentials
        try daemon.start()
        let refusals: [[String]] = [
            [], ["Authorization: Bearer wrong-token-of-some-length"], ["Authorization: Basic \(metricsToken)"],
            ["Authorization: Bearer \(metricsToken)x"], ["Authorization: Bearer \(metricsToken.dropLast())"],
            ["Authorization: \(metricsToken)"],
        ]
        for headers in refusals {
            let refused = try fetch(port, headers)
            #expect(refused.status == 401, "\(headers): \(refused.head)")
            #expect(refused.head.lowercased().contains("www-authenticate: bearer"), "\(refused.head)")
            // Nothing else: no metrics, no hint what was wrong.
            #expect(refused.body.isEmpty, "\(refused.body)")
        }
        let served = try fetch(port, ["Authorization: Bearer \(metricsToken)"])
        #expect(served.status == 200)
        #expect(served.body.contains("flowd_build_info"))
        let lowerScheme = try fetch(port, ["Authorization: bearer \(metricsToken)"])
        #expect(lowerScheme.status == 200)
        #expect(!daemon.log.contains(metricsToken))
    }

    @Test func aReloadRotatesTheToken() throws {
        let port = testPort()
        let daemon = try RunningDaemon(
            extra: "[metrics]\nlisten = \"127.0.0.1:\(port)\"\ntoken_file = \"metrics.token\"\n")
        try daemon.writeMetricsToken()
        try daemon.start()
        #expect(try fetch(port, ["Authorization: Bearer \(metricsToken)"]).status == 200)
        let rotated = "cm90YXRlZC10b2tlbi1mb3ItdGVzdHMtNDU2"
        try daemon.writeMetricsToken(rotated)
        kill(try #require(daemon.pid), SIGHUP)
        #expect(try daemon.waitFor(5) { try fetch(port, ["Authorization: Bearer \(rotated)"]).status == 200 })
        #expect(try fetch(port, ["Authorization: Bearer \(metricsToken)"]).status == 401)
        // A token file others may read is refused at reload, and the token in force stays.
        _ = chmod(daemon.metricsTokenFile, 0o644)
        kill(try #require(daemon.pid), SIGHUP)
        let refused = daemon.waitFor(5) { daemon.log.contains("readable by group or others") }
        #expect(refused)
        #expect(try fetch(port, ["Authorization: Bearer \(rotated)"]).status == 200)
        #expect(!daemon.log.contains(rotated) && !daemon.log.contains(metricsToken))
    }

    @Test func withoutATokenTheListenerDoesNotStartAndCheckConfigSaysWhere() throws {
        let port = testPort()
        let daemon = try RunningDaemon(extra: "[metrics]\nlisten = \"127.0.0.1:\(port)\"\n")
        let checked = try runProgram(daemon.flowd, ["check-config", "--config", daemon.configPath])
        #expect(checked.code == 1)
        let config = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        let line = try #require(
            config.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("listen") })
        #expect(checked.stderr.contains("line \(line + 1): metrics.listen needs a bearer token"), "\(checked.stderr)")
        let started = try runProgram(daemon.flowd, ["--config", daemon.configPath])
        #expect(started.code == 78)
        #expect(started.stderr.contains("metrics.listen needs a bearer token"))
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
        #expect(try runProgram("/usr/bin/curl", ["-s", "http://127.0.0.1:\(port)/metrics"]).code != 0)
        // A token too weak to stand guessing is refused by name of its file, never shown.
        let weak = try RunningDaemon(
            extra: "[metrics]\nlisten = \"127.0.0.1:\(port)\"\ntoken_file = \"metrics.token\"\n")
        try weak.writeMetricsToken("hunter2")
        let refused = try runProgram(weak.flowd, ["check-config", "--config", weak.configPath])
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("metrics.token is shorter than 16 characters"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("hunter2"))
    }
}
