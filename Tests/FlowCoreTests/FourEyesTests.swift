import FlowCore
import Testing

@Suite struct FourEyesTests {
    @Test func whoeverWroteARevisionCannotApproveItInAnyName() throws {
        let admin = User(name: "adm", side: .agency, roles: [.admin])
        // adm writes revision 2 in ana's name…
        let edited = try Workflow.decide(
            Request(.edit(ContentPatch(body: "v2"))), on: try World.created(), by: Actor(user: World.ana, via: "adm"),
            directory: World.rules, now: World.t0)
        #expect(edited.draft.revisionVia == "adm")
        let review = try World.decide(.submit, on: edited.draft, by: World.ana)
        // …and may not approve it as carl.
        let refused = refusal { () throws(Refusal) in
            try Workflow.decide(
                Request(.approve), on: review.draft, by: Actor(user: World.carl, via: admin.name),
                directory: World.rules, now: World.t0)
        }
        #expect(refused?.code == .forbidden)
        #expect(refused?.message.contains("adm wrote revision 2 (adm as ana)") == true)
        #expect(refused?.message.contains("four eyes") == true)
        // carl in his own name may.
        #expect(try World.decide(.approve, on: review.draft, by: World.carl).draft.state == .approved)
    }

    @Test func theWriterActingThroughAnAdminIsStillTheWriter() throws {
        // cora (company) writes; bob reviews for the agency. bob may not approve a revision he wrote as cora.
        let edited = try Workflow.decide(
            Request(.edit(ContentPatch(body: "v2"))), on: try World.created(by: World.cora),
            by: Actor(user: World.cora, via: "bob"), directory: World.rules, now: World.t0)
        let review = try World.decide(.submit, on: edited.draft, by: World.cora).draft
        #expect(World.rules.reviewers(of: review).isEmpty)
        let refused = refusal { () throws(Refusal) in try World.decide(.approve, on: review, by: World.bob) }
        #expect(refused?.message.contains("bob wrote revision 2") == true)
    }

    @Test func aWebhookChannelIsNotAPerson() {
        #expect(Actor(user: World.carl, via: "webhook:slack").people == ["carl"])
        #expect(Actor(user: World.carl, via: "adm").people == ["carl", "adm"])
    }
}
