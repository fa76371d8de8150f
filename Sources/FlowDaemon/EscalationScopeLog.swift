import FlowConfig
import FlowCore
import Logging

extension Engine {
    /// An escalation adds only people in the client's scope (`Directory.members(of:client:)`); the log, not the
    /// draft's history (which the client's people read), says whom its target held beyond that.
    func noteLeftOut(by event: Event, client: String) {
        let target = event.data["to"] ?? "backup_approvers"
        let left = configured { $0.directory.outsideScope(of: target, client: client) }
        guard !left.isEmpty else { return }
        logger.warning(
            "escalation left out people outside the client's scope",
            metadata: [
                "draft": "\(event.draftID)", "rule": "\(event.data["rule"] ?? "")", "client": "\(client)",
                "to": "\(target)", "left_out": "\(left.joined(separator: ","))",
            ])
    }
}
