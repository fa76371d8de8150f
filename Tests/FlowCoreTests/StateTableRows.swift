import FlowCore
import Foundation
import Testing

@Suite struct StateTableRows {
    @Test func createStartsADraftAtRevisionOne() throws {
        let decision = try World.decide(
            .create(client: "acme", lane: .urgent, content: World.content(), labels: ["Launch"]), on: nil, by: World.ana
        )
        #expect(decision.draft.id == 7)
        #expect(decision.draft.state == .draft)
        #expect(decision.draft.revision == 1)
        #expect(decision.draft.lane == .urgent)
        #expect(decision.draft.labels == ["launch"])
        #expect(decision.draft.contentHash == World.content().hash)
        #expect(decision.newRevision)
        #expect(decision.events.count == 1)
        #expect(decision.events[0].kind == .create)
        #expect(decision.events[0].from == nil)
        #expect(decision.events[0].to == .draft)
    }

    @Test func editInDraftMakesANewRevision() throws {
        let draft = try World.created()
        let decision = try World.decide(.edit(ContentPatch(body: "New body")), on: draft, by: World.ana)
        #expect(decision.draft.state == .draft)
        #expect(decision.draft.revision == 2)
        #expect(decision.draft.content.body == "New body")
        #expect(decision.draft.contentHash != draft.contentHash)
        #expect(decision.newRevision)
        #expect(decision.events[0].data["hash"] == decision.draft.contentHash)
    }

    @Test func submitMovesToReview() throws {
        let decision = try World.decide(.submit, on: try World.created(), by: World.ana)
        #expect(decision.draft.state == .review)
        #expect(decision.events[0].from == .draft)
        #expect(decision.events[0].to == .review)
    }

    @Test func approveReachesApprovedWhenTheLaneNeedsOne() throws {
        let review = try World.inReview()
        let decision = try World.decide(.approve, on: review, by: World.carl)
        #expect(decision.draft.state == .approved)
        #expect(decision.draft.approvedHash == review.contentHash)
        #expect(decision.draft.currentApprovals.map(\.user) == ["carl"])
        #expect(decision.events[0].data["approvals"] == "1/1")
    }

    @Test func approveStaysInReviewUntilTheLaneHasEnough() throws {
        let review = try World.inReview(lane: .crisis)
        let first = try World.decide(.approve, on: review, by: World.carl)
        #expect(first.draft.state == .review)
        #expect(first.draft.approvedHash == nil)
        #expect(first.events[0].data["approvals"] == "1/2")
        let second = try World.decide(.approve, on: first.draft, by: World.dora)
        #expect(second.draft.state == .approved)
        #expect(second.draft.currentApprovals.map(\.user) == ["carl", "dora"])
    }

    @Test func requestChangesReturnsToDraftWithTheReason() throws {
        let review = try World.inReview(lane: .crisis)
        let partly = try World.decide(.approve, on: review, by: World.carl).draft
        let decision = try World.decide(.requestChanges, on: partly, by: World.dora, message: "Name the date")
        #expect(decision.draft.state == .draft)
        #expect(decision.draft.approvals.isEmpty)
        #expect(decision.events[0].message == "Name the date")
    }

    @Test func publishRecordsWhere() throws {
        let approved = try World.approved()
        let decision = try World.decide(
            .publish(url: "https://li.example/1", externalID: "li-1", contentHash: approved.contentHash), on: approved,
            by: World.pia)
        #expect(decision.draft.state == .published)
        #expect(decision.draft.publishedURL == "https://li.example/1")
        #expect(decision.draft.externalID == "li-1")
        #expect(decision.events[0].data["url"] == "https://li.example/1")
    }

    @Test func editAfterApprovalVoidsTheApproval() throws {
        let approved = try World.approved()
        let decision = try World.decide(.edit(ContentPatch(title: "Launch, revised")), on: approved, by: World.ana)
        #expect(decision.draft.state == .draft)
        #expect(decision.draft.approvedHash == nil)
        #expect(decision.draft.currentApprovals.isEmpty)
        #expect(decision.draft.revision == 2)
        #expect(decision.events[0].data["voided"] != nil)
        // Submitting again needs a fresh approval of the new revision.
        let review = try World.decide(.submit, on: decision.draft, by: World.ana).draft
        #expect(review.state == .review)
        #expect(review.currentApprovals.isEmpty)
    }

    @Test(arguments: [DraftState.draft, .review, .approved])
    func withdrawEndsTheDraft(from state: DraftState) throws {
        let draft = try World.draft(in: state)
        let byAuthor = try World.decide(.withdraw, on: draft, by: World.ana)
        #expect(byAuthor.draft.state == .withdrawn)
        let byAdmin = try World.decide(.withdraw, on: draft, by: World.adm)
        #expect(byAdmin.draft.state == .withdrawn)
    }

    @Test(arguments: DraftState.allCases)
    func commentKeepsTheState(in state: DraftState) throws {
        let draft = try World.draft(in: state)
        let decision = try World.decide(.comment, on: draft, by: World.cora, message: "Looks good")
        #expect(decision.draft.state == state)
        #expect(decision.draft.revision == draft.revision)
        #expect(decision.draft.updatedAt == draft.updatedAt)
        #expect(decision.events[0].kind == .comment)
        #expect(decision.events[0].message == "Looks good")
    }

    @Test func theCompanyCanWriteAndTheAgencyReview() throws {
        let review = try World.inReview(by: World.cora)
        let decision = try World.decide(.approve, on: review, by: World.bob)
        #expect(decision.draft.state == .approved)
    }

    @Test func anAdminActingForAUserIsRecordedWithBoth() throws {
        let decision = try World.decide(.submit, on: try World.created(), by: World.ana, via: "adm")
        #expect(decision.events[0].actor == "ana")
        #expect(decision.events[0].via == "adm")
    }
}
