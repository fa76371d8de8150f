import FlowConfig
import FlowCore
import FlowRender
import Foundation
import Hummingbird

/// A company approver says on any of their review pages that they are away: back on a day, with one of the client's
/// people who may review standing in, or nobody. Recorded in their own name by the same rules as `flowctl away set`.
extension ReviewSite {
    func goAway(
        _ form: [String: String], _ visit: LinkVisit, token: String, now: Date, started: ContinuousClock.Instant
    ) async throws -> Response {
        let text = PageText.of(visit.language)
        let zone =
            engine.configured { $0.directory.clients[visit.draft.client]?.timeZone } ?? TimeZone(identifier: "UTC")!
        guard let until = LocalDate.midnight(of: form["until"] ?? "", in: zone), until > now else {
            return try await page(visit, now: now, error: text.awayDateInvalid, reason: "", status: 422)
        }
        let standIn = form["stand_in"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            _ = try await engine.setAway(
                visit.reader.name, from: now, until: until, standIn: standIn, message: nil,
                by: Actor(user: visit.reader, via: Actor.reviewLink))
        } catch {
            return try await refusal(error, visit, started: started)
        }
        return done(token, "away")
    }
}
