import FlowCore
import Foundation
import Testing

@Suite struct AcknowledgementBoundTests {
    static func ack(_ draft: Draft, hours: Double, at now: Date = World.t0) throws(Refusal) -> Decision {
        try Workflow.decide(
            Request(.acknowledge(until: now.addingTimeInterval(hours * 3600))), on: draft,
            by: Actor(user: World.carl), directory: World.rules, now: now)
    }

    @Test func theTotalPerReviewRoundNeverPassesTheBound() throws {
        let review = try World.inReview()
        let first = try Self.ack(review, hours: 20)
        #expect(first.draft.acknowledgedSeconds == 20 * 3600)
        let refused = refusal { () throws(Refusal) in try Self.ack(first.draft, hours: 30) }
        #expect(refused?.code == .invalidRequest)
        #expect(refused?.message.contains("at most 1d per review round") == true)
        #expect(refused?.message.contains("4h is left") == true)
        // Repeating the same promise, or a shorter one, spends nothing.
        let again = try Self.ack(first.draft, hours: 20)
        #expect(again.draft.acknowledgedSeconds == 20 * 3600)
        let more = try Self.ack(again.draft, hours: 24)
        #expect(more.draft.acknowledgedSeconds == 24 * 3600)
        let none = refusal { () throws(Refusal) in try Self.ack(more.draft, hours: 25) }
        #expect(none?.message.contains("0s are left") == true)
    }

    @Test func aNewReviewRoundStartsAfresh() throws {
        let review = try World.inReview()
        let used = try Self.ack(review, hours: 24).draft
        let back = try World.decide(.requestChanges, on: used, by: World.carl, message: "fix").draft
        #expect(back.acknowledgedSeconds == 0)
        let again = try World.decide(.submit, on: back, by: World.ana).draft
        #expect(try Self.ack(again, hours: 24).draft.acknowledgedUntil != nil)
    }
}
