import Crypto
import Foundation

extension Directory {
    /// Raised whenever what a review's plan is made of changes (the steps `Deadlines` plans on entering review or
    /// re-plans after a reload), so the next start re-plans every draft in review under the new rules.
    static let planVersion = 1

    /// What re-planning the drafts in review reads from the config (`Deadlines.replan(afterReload:)`): every
    /// client's policy for every lane and its business hours, and which clients there are, as a hash that is the same
    /// for the same policies in any process. The store keeps the one its last whole pass re-planned under; a start
    /// or reload that finds it unchanged has nothing to re-plan, and reads no draft.
    public var planFingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var text = "plan \(Self.planVersion)\n"
        for id in clients.keys.sorted() {
            text += "client \(id)"
            if let hours = clients[id]?.hours {
                text += " hours \(hours.days.sorted()) \(hours.start.minutes)-\(hours.end.minutes)"
                text += " \(hours.holidays.sorted()) \(hours.timeZone.identifier)"
            }
            for lane in Lane.allCases {
                let policy = (try? encoder.encode(policy(for: lane, client: id))) ?? Data()
                text += " \(lane.rawValue) " + String(decoding: policy, as: UTF8.self)
            }
            text += "\n"
        }
        return hex(SHA256.hash(data: Data(text.utf8)))
    }
}
