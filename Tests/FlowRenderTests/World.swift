import FlowCore
import Foundation

/// The part of FlowCoreTests' world the pages are rendered from: the agency's author and ACME's approvers.
enum World {
    static let ana = User(name: "ana", side: .agency, roles: [.author])
    static let carl = User(name: "carl", side: .company, roles: [.approver])
    static let dora = User(name: "dora", side: .company, roles: [.approver])
    static let bea = User(name: "bea", side: .company, roles: [.approver])

    static let rules = Directory(
        clients: [
            "acme": Client(id: "acme", name: "ACME", approvers: ["carl", "dora"], backupApprovers: ["bea"])
        ],
        lanes: [.normal: LanePolicy(requiredApprovals: 1)], users: [ana, carl, dora, bea])

    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
}
