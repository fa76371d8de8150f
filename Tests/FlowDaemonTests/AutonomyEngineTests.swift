import FlowAPI
import FlowCore
import FlowDaemon
import FlowStore
import Foundation
import Testing

/// Earned autonomy on a real database with the clock in the test's hand: earned by the record, a window that
/// passes, lost by one request for changes (the lane's other windows sent back in the same transaction), and
/// earned back by a fresh record.
@Suite struct AutonomyEngineTests {
    @Test func aLaneEarnsAutonomyLosesItAndEarnsItBack() async throws {
        let (engine, time) = try makeEngine(
            temporaryDirectory(),
            extra: """
                [clients.lanes.normal]
                clock = "always"
                ladder = [ { after = "1h", action = "remind" } ]
                autonomy = { after = 3, share = 1.0, objection_window = "2h" }
                """)
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let carl = try engine.identify(uid: 5000, actAs: "carl")
        func submitted(_ title: String) async throws -> DraftView {
            let draft = try await engine.wire.create(CreateRequest(client: "acme", title: title, body: "B"), by: ana)
            return try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
        }
        func approve(_ id: Int64) async throws {
            #expect(try await engine.wire.act("approve", on: id, ActionRequest(), by: carl).state == .approved)
        }

        for title in ["one", "two", "three"] {
            let draft = try await submitted(title)
            #expect(draft.reviewMode == nil)
            try await approve(draft.id)
        }
        let explained = PolicyExplanation(
            try await engine.explain(client: "acme", lane: .normal, from: nil, for: ana))
        #expect(explained.autonomy?.mode == "unless-objected")
        #expect(explained.autonomy?.why == "3 of the last 3 decided drafts approved without changes (100% ≥ 100%)")

        // Earned: the next draft's review is a two-hour window, and passes unless someone objects.
        let four = try await submitted("four")
        #expect(four.reviewMode == "unless-objected")
        #expect(four.next.map(\.action) == ["objection window ends"])
        time.advance(7_200)
        #expect(try await engine.fireDueTimers() == 1)
        #expect(try await engine.wire.draft(four.id, for: ana).state == .approved)

        // One request for changes loses it; the lane's other window goes back to normal review at once.
        let five = try await submitted("five")
        let six = try await submitted("six")
        #expect(six.reviewMode == "unless-objected")
        let objected = try await engine.wire.act("request-changes", on: five.id, ActionRequest(message: "No"), by: carl)
        #expect(objected.state == .draft)
        let sixNow = try await engine.wire.draft(six.id, for: ana)
        #expect(sixNow.reviewMode == nil)
        #expect(sixNow.state == .review)
        #expect(sixNow.next.map(\.action) == ["remind"])
        #expect(sixNow.autonomy?.hasPrefix("not earned: 0 of the 3 decided drafts the record needs since") == true)
        let sixLog = try await engine.wire.events(six.id, for: ana).events
        #expect(sixLog.last?.message == "back to normal review: carl asked for changes on draft 5")
        #expect(try await submitted("seven").reviewMode == nil)
        time.advance(7_200)
        // Six's window timer is gone: only the ladder's reminders fire now.
        #expect(try await engine.fireDueTimers() == 2)
        #expect(try await engine.wire.draft(six.id, for: ana).state == .review)

        // Earned back by three new decisions without changes.
        try await approve(six.id)
        let seven = try await engine.wire.list(state: .review, client: nil, limit: 10, before: nil, for: ana).drafts
        for draft in seven { try await approve(draft.id) }
        #expect(try await submitted("eight").reviewMode == nil)
        let eight = try await engine.wire.list(state: .review, client: nil, limit: 10, before: nil, for: ana).drafts
        for draft in eight { try await approve(draft.id) }
        #expect(try await submitted("nine").reviewMode == "unless-objected")
        let report = ReportView(
            try await engine.report(
                from: time.now().addingTimeInterval(-86_400), to: time.now().addingTimeInterval(1), by: .client,
                client: nil, for: ana))
        #expect(report.autonomy?.first?.mode == "unless-objected")
        #expect(report.autonomy?.first?.decided == 3)
    }
}
