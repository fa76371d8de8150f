import FlowAPI
import Foundation
import Testing

/// `flowctl report` against the built binaries and a real database: the figures of a small history, the scope,
/// a period that starts in the middle of a draft's history, every output form, and bad input.
@Suite(.serialized) struct ReportEndToEnd {
    static let users =
        RunningDaemon.standardUsers + RunningDaemon.globex + """
            [lanes.normal]
            clock = "always"
            review_sla = "1h"

            """

    /// Draft 1 (acme): changes requested once, acknowledged, then approved. Draft 2 (globex): waiting in review.
    func daemonWithHistory() throws -> RunningDaemon {
        let daemon = try RunningDaemon(users: Self.users)
        try daemon.start()
        let steps: [[String]] = [
            ["--as", "ana", "new", "--client", "acme", "--title", "Launch", "--body", "B", "--channel", "linkedin"],
            ["--as", "ana", "submit", "1"],
            ["--as", "carl", "request-changes", "1", "-m", "shorter"],
            ["--as", "ana", "submit", "1"],
            ["--as", "carl", "ack", "1", "--for", "1h"],
            ["--as", "carl", "approve", "1"],
            ["--as", "ana", "new", "--client", "globex", "--title", "Other", "--body", "B"],
            ["--as", "ana", "submit", "2"],
        ]
        for step in steps { #expect(try daemon.ctl(step).code == 0, "\(step)") }
        return daemon
    }

    func rows(_ object: [String: Any]) -> [String: [String: Any]] {
        let rows = object["rows"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["key"] as? String ?? "", $0) })
    }

    @Test func figuresByClientAndApprover() throws {
        let daemon = try daemonWithHistory()
        let report = try daemon.json(["report", "--since", "1h"])
        let byClient = rows(report)
        #expect(byClient.keys.sorted() == ["acme", "globex"])
        let acme = try #require(byClient["acme"])
        #expect(acme["drafts"] as? Int == 1)
        #expect(acme["submitted"] as? Int == 2)
        #expect(acme["decided"] as? Int == 2)
        #expect(acme["approved"] as? Int == 1)
        #expect(acme["published"] as? Int == 0)
        #expect(acme["first_approved_at"] as? String != nil)
        #expect(acme["changes_requested"] as? Int == 1)
        #expect(acme["rework_rounds"] as? Int == 1)
        #expect(acme["acks_given"] as? Int == 1)
        #expect(acme["acks_kept"] as? Int == 1)
        #expect(acme["sla_rounds"] as? Int == 2)
        #expect(acme["sla_hits"] as? Int == 2)
        #expect(acme["review_max"] as? Int != nil)
        let globex = try #require(byClient["globex"])
        #expect(globex["submitted"] as? Int == 1)
        #expect(globex["decided"] as? Int == 0)
        #expect(globex["review_p50"] == nil || globex["review_p50"] is NSNull)
        let total = try #require(report["total"] as? [String: Any])
        #expect(total["drafts"] as? Int == 2)
        #expect(total["submitted"] as? Int == 3)

        let byApprover = rows(try daemon.json(["report", "--since", "1h", "--by", "approver"]))
        #expect(byApprover["carl"]?["decided"] as? Int == 2)
        #expect(byApprover["(none)"]?["submitted"] as? Int == 1)
        let byChannel = rows(try daemon.json(["report", "--since", "1h", "--by", "channel"]))
        #expect(byChannel.keys.sorted() == ["(none)", "linkedin"])
    }

    /// A period that begins after draft 1's first submit: that round counts as decided in the period but not as
    /// submitted in it, which needs the draft's history from before the period.
    @Test func aPeriodStartingMidwayCarriesTheEarlierHistoryIn() throws {
        let daemon = try daemonWithHistory()
        let events = try daemon.json(["log", "1"])["events"] as? [[String: Any]] ?? []
        let firstSubmit = try #require(events.first { $0["action"] as? String == "submit" }?["at"] as? String)
        let at = try #require(WireJSON.parseDate(firstSubmit))
        let from = WireJSON.formatDate(at.addingTimeInterval(0.001))
        let acme = try #require(rows(try daemon.json(["report", "--from", from, "--client", "acme"]))["acme"])
        #expect(acme["submitted"] as? Int == 1)
        #expect(acme["decided"] as? Int == 2)
        #expect(acme["changes_requested"] as? Int == 1)
    }

    @Test func eachPersonSeesTheirOwnClientsOnly() throws {
        let daemon = try daemonWithHistory()
        #expect(rows(try daemon.json(["--as", "carl", "report"])).keys.sorted() == ["acme"])
        #expect(rows(try daemon.json(["--as", "gil", "report"])).keys.sorted() == ["globex"])
        // Another client's name answers exactly like a client that does not exist.
        let other = try daemon.ctl(["--as", "carl", "report", "--client", "globex"])
        let none = try daemon.ctl(["--as", "carl", "report", "--client", "nope"])
        #expect(other.code == 4)
        #expect(other.stderr.replacingOccurrences(of: "globex", with: "nope") == none.stderr)
        #expect(try daemon.ctl(["report", "--client", "globex"]).code == 0)
    }

    @Test func tableCSVAndAnEmptyPeriod() throws {
        let daemon = try daemonWithHistory()
        let table = try daemon.ctl(["report"])
        #expect(table.code == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.contains("by client; times in working hours, --wide for all") == true)
        #expect(lines.contains { $0.hasPrefix("CLIENT") && $0.contains("REVIEW P50") && $0.contains("WITHIN SLA") })
        #expect(lines.contains { $0.hasPrefix("acme ") })
        #expect(lines.last?.hasPrefix("total ") == true)
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(table.stdout)")
        // --wide: every figure, working time and the wall clock's in columns of their own.
        let wide = try daemon.ctl(["report", "--wide"])
        #expect(wide.code == 0)
        let wideHeader = wide.stdout.split(separator: "\n").first { $0.hasPrefix("CLIENT") } ?? ""
        for column in [
            "SUBMITTED", "REVIEW P50 WORK", "REVIEW P50 WALL", "COMPANY HELD WALL", "ACKS KEPT", "ESCALATED",
        ] {
            #expect(wideHeader.contains(column), "\(wideHeader)")
        }
        #expect(try daemon.ctl(["report", "--wide", "--csv"]).code == 64)

        let csv = try daemon.ctl(["report", "--csv"])
        #expect(csv.code == 0)
        let records = csv.stdout.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        #expect(records.count == 4)  // header, acme, globex, total
        #expect(records.first?.prefix(4) == ["key", "drafts", "submitted", "decided"])
        #expect(records.first?.last == "overdue")
        #expect(Set(records.map(\.count)).count == 1)
        #expect(records.last?.first == "total")

        let empty = try daemon.ctl(["report", "--from", "2020-01-01", "--to", "2020-02-01", "--json"])
        #expect(empty.code == 0)
        let object = try JSONSerialization.jsonObject(with: Data(empty.stdout.utf8)) as? [String: Any]
        #expect((object?["rows"] as? [Any])?.isEmpty == true)
        let emptyTable = try daemon.ctl(["report", "--from", "2020-01-01", "--to", "2020-02-01"])
        #expect(emptyTable.code == 0)
        #expect(emptyTable.stdout.contains("CLIENT"))
    }

    @Test func badInputIsRefusedWithAClearError() throws {
        let daemon = try daemonWithHistory()
        let cases: [([String], String)] = [
            (["report", "--by", "colour"], "group by client, lane, channel, approver, side"),
            (["report", "--from", "2026-03-01", "--to", "2026-02-01"], "inverted"),
            (["report", "--from", "yesterday"], "ISO-8601"),
            (["report", "--since", "a while"], "not a duration"),
            (["report", "--since", "30d", "--from", "2026-01-01"], "not both"),
            (["report", "--csv", "--json"], "not both"),
        ]
        for (arguments, message) in cases {
            let outcome = try daemon.ctl(arguments)
            #expect(outcome.code == 64, "\(arguments)")
            #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        }
        // The API checks the same for other callers.
        for query in [
            "from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z",
            "from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&by=x",
            "from=soon&to=2026-02-01T00:00:00Z", "to=2026-02-01T00:00:00Z",
        ] {
            #expect(throws: ClientError.self) { _ = try daemon.client.get("/v1/report?" + query, as: ReportView.self) }
        }
    }
}
