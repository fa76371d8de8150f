import FlowCore
import Foundation
import Testing

@testable import FlowStore

/// The report's pass over a real database: drafts carried in from before the period, events after it left out,
/// a draft whose id is out of step with its create event, and an event kind this flowd does not know.
@Suite struct ReportScanTests {
    static let hour: Int64 = 3_600_000
    static let base: Int64 = 1_790_000_000_000

    /// Rows written straight into a schema the Store created, as the bench does.
    func seed(_ path: String) throws {
        _ = try Store(path: path)
        let db = try Connection(path: path)
        // Draft 3 is created first: its id is out of step with the order of create events.
        for (id, at) in [(3, 0), (1, 1), (2, 2)] as [(Int64, Int64)] {
            try db.run(
                """
                INSERT INTO drafts (id, client, lane, state, revision, title, body, channels, content_hash, author,
                    revision_author, revision_author_side, approvals, labels, created_at, updated_at)
                VALUES (?, 'acme', 'normal', 'review', 1, 'T', 'B', '["x"]', 'h', 'ana', 'ana', 'agency', '[]', '[]', ?, ?)
                """, [.int(id), .int(Self.base + at * Self.hour), .int(Self.base + 20 * Self.hour)])
        }
        let events: [(Int64, Int64, String, String, String)] = [
            (3, 0, "ana", "create", "draft"),
            (3, 1, "ana", "submit", "review"),
            (1, 1, "ana", "create", "draft"),
            (1, 2, "ana", "submit", "review"),
            (2, 2, "ana", "create", "draft"),
            // The period starts at hour 3.
            (2, 3, "ana", "submit", "review"),
            (3, 4, "carl", "approve", "approved"),
            (1, 5, "carl", "request-changes", "draft"),
            (2, 6, "flowd", "some-future-kind", "review"),
            (2, 7, "carl", "approve", "approved"),
            // The period ends at hour 8.
            (1, 9, "ana", "submit", "review"),
        ]
        for (draft, hour, actor, action, state) in events {
            try db.run(
                "INSERT INTO events (draft_id, at, actor, action, to_state, revision, data) VALUES (?, ?, ?, ?, ?, 1, '{}')",
                [.int(draft), .int(Self.base + hour * Self.hour), .text(actor), .text(action), .text(state)])
        }
    }

    @Test func carriesInFollowsAndStopsAtThePeriod() throws {
        let dir = TempDir()
        try seed(dir.database)
        let hour = 3_600.0
        let start = Date(timeIntervalSince1970: Double(Self.base) / 1000)
        var report = LoopReport(
            from: start.addingTimeInterval(3 * hour), to: start.addingTimeInterval(8 * hour),
            now: start.addingTimeInterval(20 * hour), grouping: .client,
            directory: Directory(clients: ["acme": Client(id: "acme", name: "ACME", approvers: ["carl"])]),
            clients: nil)
        let stats = try ReportScan.run(database: dir.database, into: &report)
        let acme = try #require(report.finish().first { $0.key == "acme" }?.figures)
        // Drafts 3 and 1 were in review when the period began; draft 2 was created just before it.
        #expect(stats.carriedIn == 3)
        // Only draft 2's submit lies in the period; all three reviews ended in it.
        #expect(acme.submitted == 1)
        #expect(acme.decided == 3)
        #expect(acme.approved == 2)
        #expect(acme.changesRequested == 1)
        // Reviews: draft 3 for 3h, draft 1 for 3h, draft 2 for 4h.
        #expect(acme.reviewWall.max == 4 * 3_600)
        #expect(acme.reviewWall.percentile(0.5) == 10_800)
        // In review inside the period: draft 3 1h, draft 1 2h, draft 2 4h; then draft 1 in draft until 8h.
        #expect(acme.heldWall[.company] == 7 * hour)
        #expect(acme.heldWall[.agency] == 3 * hour)
    }

    @Test func draftsCreatedInThePeriodComeInStepOrNot() throws {
        let dir = TempDir()
        try seed(dir.database)
        let start = Date(timeIntervalSince1970: Double(Self.base) / 1000)
        var report = LoopReport(
            from: start, to: start.addingTimeInterval(8 * 3_600), now: start.addingTimeInterval(20 * 3_600),
            grouping: .client,
            directory: Directory(clients: ["acme": Client(id: "acme", name: "ACME", approvers: ["carl"])]),
            clients: nil)
        let stats = try ReportScan.run(database: dir.database, into: &report)
        let acme = try #require(report.finish().first { $0.key == "acme" }?.figures)
        #expect(stats.carriedIn == 0)
        #expect(stats.events == 10)
        #expect(acme.drafts == 3)
        #expect(acme.submitted == 3)
        #expect(acme.decided == 3)
    }
}
