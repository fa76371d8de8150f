import FlowCore
import Foundation
import Testing

/// Issue 33: a crisis summary said "statements: 1, approved 1, published 2" when one statement was made from an
/// approved template: what was published is counted among the statements and the approved.
@Suite struct CrisisSummaryTests {
    @Test func aStatementFromATemplateCountsAsAStatementApprovedAndPublished() {
        let start = World.t0
        func at(_ minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }
        var report = LoopReport(
            from: start, to: at(120), now: at(120), grouping: .approver, directory: World.rules, clients: ["acme"],
            lanes: [.crisis])
        for id in [Int64(1), 2] {
            report.begin(ReportDraft(id: id, client: "acme", lane: .crisis, channels: ["x"], authorSide: .agency))
        }
        let events = [
            ReportEvent(draftID: 1, at: at(1), actor: "ana", kind: .create, to: .draft),
            ReportEvent(draftID: 1, at: at(2), actor: "ana", kind: .submit, to: .review),
            ReportEvent(draftID: 1, at: at(5), actor: "carl", kind: .approve, to: .approved),
            ReportEvent(draftID: 1, at: at(6), actor: "pia", kind: .publish, to: .published),
            // Made from an approved crisis template: approved as it is made, then published.
            ReportEvent(draftID: 2, at: at(10), actor: "ana", kind: .create, to: .approved),
            ReportEvent(draftID: 2, at: at(11), actor: "pia", kind: .publish, to: .published),
        ]
        for event in events { _ = report.record(event) }
        let rows = report.finish()
        let crisis = Crisis(id: 1, client: "acme", message: "Outage", startedAt: start, startedBy: "ana")
        let summary = CrisisSummary(crisis, rows: rows, total: report.total)
        #expect(summary.published == 2)
        #expect(summary.statements == 2, "every published statement is a statement")
        #expect(summary.approved == 2, "every published statement was approved")
        #expect(summary.responders.map(\.person) == ["carl"])
    }
}
