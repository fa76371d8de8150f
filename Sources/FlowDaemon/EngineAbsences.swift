import FlowConfig
public import FlowCore
import FlowStore
public import Foundation
import Logging

/// Absences and stand-ins: recorded, listed and ended; the rules are FlowCore's (`Directory.checkAbsence`): the
/// absence on its own before the write, against those recorded inside it.
extension Engine {
    /// Records that `person` is away from `from` until `until`, with `standIn` reviewing in their place.
    public func setAway(
        _ person: String, from: Date, until: Date, standIn: String?, message: String?, by actor: Actor
    ) async throws -> Absence {
        let directory = configured { $0.directory }
        let now = time.now()
        var absence = Absence(
            person: person, from: from, until: until, standIn: standIn, message: message, setBy: actor.user.name)
        try directory.checkAbsence(absence, by: actor.user, now: now)
        // An absence has no effect before it is recorded: one said to have begun earlier begins now.
        absence.from = max(from, now)
        let recorded = try await store.recordAbsence(absence, at: now) { existing throws(Refusal) in
            try directory.checkAbsence(absence, against: existing, now: now)
        }
        logger.notice(
            "absence recorded",
            metadata: [
                "user": "\(person)", "until": "\(isoUTC(until))", "stand_in": "\(standIn ?? "none")",
                "actor": "\(actor.user.name)",
            ])
        try await absencesChanged()
        return recorded
    }

    /// The absences under way and to come that `actor` may see, soonest first.
    public func absences(for actor: Actor) async throws -> [Absence] {
        let directory = configured { $0.directory }
        return try await store.absences(endingAfter: time.now()).filter {
            directory.mayRead(absencesOf: $0.person, by: actor.user)
        }
    }

    /// Ends `person`'s absence under way, or calls off their next one.
    public func endAway(_ person: String, by actor: Actor) async throws -> Absence {
        let directory = configured { $0.directory }
        guard directory.mayRead(absencesOf: person, by: actor.user) else {
            throw Refusal(.unknownUser, "no user \(quoted(person))")
        }
        try directory.checkAbsenceRecorder(actor.user, for: person)
        guard let ended = try await store.endAbsence(of: person, at: time.now()) else {
            throw Refusal(.invalidTransition, "\(person) is not away and has no absence to come")
        }
        logger.notice("absence ended", metadata: ["user": "\(person)", "actor": "\(actor.user.name)"])
        try await absencesChanged()
        return ended
    }
}
