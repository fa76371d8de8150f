import FlowCore
import Foundation
import Testing

/// A small world: an agency writing for three clients (ACME, Globex, Initech); ACME's people can also write
/// for the agency to coach.
enum World {
    static let ana = User(name: "ana", side: .agency, roles: [.author])
    static let bob = User(name: "bob", side: .agency, roles: [.author, .approver])
    static let carl = User(name: "carl", side: .company, roles: [.approver])
    static let dora = User(name: "dora", side: .company, roles: [.approver])
    static let eve = User(name: "eve", side: .company, roles: [.approver])
    static let cora = User(name: "cora", side: .company, roles: [.author])
    static let pia = User(name: "pia", side: .agency, roles: [.publisher])
    static let adm = User(name: "adm", side: .agency, roles: [.admin])
    static let bea = User(name: "bea", side: .company, roles: [.approver])
    /// A company approver listed for ACME as a member only.
    static let max = User(name: "max", side: .company, roles: [.approver])
    /// An agency approver and author on Globex's account team only.
    static let nora = User(name: "nora", side: .agency, roles: [.author, .approver], clients: ["globex"])
    /// Initech's approver.
    static let ivy = User(name: "ivy", side: .company, roles: [.approver])
    /// A company author listed for Globex: must never write for ACME.
    static let gus = User(name: "gus", side: .company, roles: [.author])

    static let rules = Directory(
        clients: [
            "acme": Client(
                id: "acme", name: "ACME", approvers: ["carl", "dora"], backupApprovers: ["bea"],
                members: ["cora", "max"]),
            "globex": Client(id: "globex", name: "Globex", approvers: ["eve"], members: ["gus"]),
            "initech": Client(id: "initech", name: "Initech", approvers: ["ivy"]),
        ],
        lanes: [.normal: LanePolicy(requiredApprovals: 1), .crisis: LanePolicy(requiredApprovals: 2)],
        users: [ana, bob, carl, dora, eve, cora, pia, adm, bea, max, nora, ivy, gus])

    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func content(_ body: String = "We launch on May 1.") -> Content {
        Content(title: "Launch post", body: body, channels: ["linkedin"], publishAt: nil)
    }

    static func decide(
        _ command: Command, on draft: Draft?, by user: User, revision: Int? = nil, message: String? = nil,
        via: String? = nil
    ) throws(Refusal) -> Decision {
        try Workflow.decide(
            Request(command, expectedRevision: revision, message: message), on: draft,
            by: Actor(user: user, via: via), directory: rules, now: t0.addingTimeInterval(60), newID: 7)
    }

    static func created(lane: Lane = .normal, by author: User = ana) throws -> Draft {
        try decide(.create(client: "acme", lane: lane, content: content(), labels: []), on: nil, by: author).draft
    }

    static func inReview(lane: Lane = .normal, by author: User = ana) throws -> Draft {
        try decide(.submit, on: try created(lane: lane, by: author), by: author).draft
    }

    static func approved() throws -> Draft {
        try decide(.approve, on: try inReview(), by: carl).draft
    }

    static func published() throws -> Draft {
        try decide(
            .publish(url: "https://example.com/p/1", externalID: "x1", contentHash: nil), on: try approved(), by: pia
        )
        .draft
    }

    static func withdrawn() throws -> Draft {
        try decide(.withdraw, on: try created(), by: ana).draft
    }

    static func draft(in state: DraftState) throws -> Draft {
        switch state {
        case .draft: try created()
        case .review: try inReview()
        case .approved: try approved()
        case .published: try published()
        case .withdrawn: try withdrawn()
        }
    }
}

func refusal(_ body: () throws(Refusal) -> Decision) -> Refusal? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
