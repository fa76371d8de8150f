import FlowCore

extension Reader {
    /// Escalation never leaves a client's scope (`Directory.members(of:client:)`), so a group that holds company
    /// users, or a step whose target has nobody in a client's scope, does less than it reads: both are warnings.
    mutating func checkEscalationScope(_ directory: Directory) {
        for name in directory.groups.keys.sorted() {
            let company = (directory.groups[name] ?? []).filter { directory.users[$0]?.side == .company }
            guard !company.isEmpty else { continue }
            warning(
                "groups.\(name)",
                "group \(quoted(name)) holds company users (\(company.joined(separator: ", "))): an escalation to it "
                    + "adds each of them only to drafts of the clients that list them")
        }
        for client in directory.clients.keys.sorted() {
            for lane in Lane.allCases {
                for step in directory.policy(for: lane, client: client).ladder where step.action == .escalate {
                    let target = step.to ?? "backup_approvers"
                    guard directory.members(of: target, client: client).isEmpty else { continue }
                    let outside = directory.outsideScope(of: target, client: client)
                    let why =
                        outside.isEmpty
                        ? "it has no members"
                        : "\(outside.joined(separator: ", ")) \(outside.count == 1 ? "is" : "are") not in client "
                            + "\(quoted(client))'s scope"
                    warning(
                        "lanes.\(lane.rawValue)",
                        "lane \(lane.rawValue), client \(quoted(client)): \(step.rule) adds no reviewer: \(why)")
                }
            }
        }
    }
}
