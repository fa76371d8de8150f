import FlowCore
import Testing

@Suite struct InvolvementTests {
    @Test func aReworkDeadlineInvolvesTheAuthorEverywhere() throws {
        var directory = World.rules
        directory.lanes[.normal] = LanePolicy(reworkSLA: TimeSpan("4h")!, clock: .always)
        let review = try World.inReview()
        let back = try Workflow.decide(
            Request(.requestChanges, message: "fix"), on: review, by: Actor(user: World.carl), directory: directory,
            now: World.t0)
        let deadline = try #require(back.timers.add.first)
        let involvement = directory.involvement(of: back.draft, pending: [deadline])
        #expect(involvement.whoseMove == .agency)
        #expect(involvement.mustAct == ["ana"])
        #expect(involvement.next?.action == "deadline")
        #expect(involvement.next?.involves == ["ana"])
        #expect(back.told == ["ana"])
    }

    @Test func approvedDraftsWaitForTheClientsPublishers() throws {
        let approved = try World.approved()
        #expect(World.rules.mustAct(approved) == ["pia"])
        #expect(World.rules.whoseMove(approved) == .agency)
        let published = try World.published()
        #expect(World.rules.mustAct(published).isEmpty)
        #expect(World.rules.told(about: .publish, draft: published) == ["ana"])
    }
}
