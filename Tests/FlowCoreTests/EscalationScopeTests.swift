import FlowCore
import Foundation
import Testing

/// Escalation never leaves the client's scope (design.md §3): a `[groups]` member who works for another client
/// is not added, told or linked, whatever the target.
@Suite struct EscalationScopeTests {
    static let gil = User(name: "gil", side: .company, roles: [.approver])
    static let lena = User(name: "lena", side: .agency, roles: [.approver], clients: ["globex"])
    static let lead = User(name: "lead", side: .agency, roles: [.approver])
    static var directory: Directory {
        var directory = Directory(
            clients: [
                "acme": Client(id: "acme", name: "ACME", approvers: ["carl"], backupApprovers: ["dora"]),
                "globex": Client(id: "globex", name: "Globex", approvers: ["gil"]),
            ],
            users: [World.ana, World.carl, World.dora, gil, lena, lead], groups: ["legal": ["gil", "lena", "lead"]])
        directory.reviewLinks = true
        return directory
    }

    static func inReview() -> Draft {
        let now = Date(timeIntervalSince1970: 1_781_260_200)
        return Draft(
            id: 1, client: "acme", lane: .normal, state: .review, revision: 1,
            content: Content(title: "T", body: "B", channels: [], publishAt: nil), contentHash: "h", author: "company",
            revisionAuthor: "ana", revisionAuthorSide: .agency, createdAt: now, updatedAt: now)
    }

    @Test(arguments: ["all", "legal"]) func anotherClientsPeopleAreNeverAdded(target: String) {
        let directory = Self.directory
        let draft = Self.inReview()
        let step = LadderStep(after: TimeSpan("1h")!, action: .escalate, to: target)
        let told = directory.told(whenFiring: step, on: draft)
        #expect(!told.contains("gil") && !told.contains("lena"))
        #expect(told.contains("lead"))
        #expect(directory.outsideScope(of: target, client: "acme") == ["gil", "lena"])
        let links = directory.linkGrants(for: told, on: draft, now: draft.createdAt).map(\.user)
        #expect(!links.contains("gil") && !links.contains("lena"))
        // What the agenda and `show` say the step will involve is the same set.
        #expect(!directory.members(of: target, client: "acme").contains("gil"))
    }
}
