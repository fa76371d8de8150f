public import Foundation

/// The rules of absences, in one place: who may record one, who may stand in, and how a stand-in is found.
extension Directory {
    /// Who reviews in `person`'s place at `instant`, through the absences of `absences` that hold then.
    public func standIn(for person: String, at instant: Date, absences: [Absence]) -> StandIn {
        Presence(absences, at: instant).standIn(for: person)
    }

    /// The clients on which `user` reviews: for a company approver the clients that list them as approver or backup
    /// approver, for an agency approver every client in their scope; nobody else reviews.
    public func reviewedClients(by user: User) -> Set<String> {
        guard user.has(.approver) else { return [] }
        switch user.side {
        case .company:
            let reviewing = clients.values.filter {
                $0.approvers.contains(user.name) || $0.backupApprovers.contains(user.name)
            }
            return Set(reviewing.map(\.id))
        case .agency:
            return clients(of: user)
        }
    }

    /// Checks an absence on its own, before the write that records it: recorded by the person, an admin, or an
    /// agency user who works on every client of the person; a period that begins before it ends and has not ended by
    /// `now`; a bounded message; a stand-in who is someone else on the same side and may review on every client the
    /// person reviews. `checkAbsence(_:against:)` then holds it against the absences recorded.
    public func checkAbsence(_ absence: Absence, by actor: User, now: Date) throws(Refusal) {
        guard let person = users[absence.person] else {
            throw Refusal(.unknownUser, "no user \(quoted(absence.person))")
        }
        try checkRecorder(actor, for: person)
        guard absence.from < absence.until else {
            throw Refusal(.invalidRequest, "the absence ends before it begins: --until must be after --from")
        }
        guard absence.until > now else {
            throw Refusal(.invalidRequest, "the absence lies in the past: --until must be in the future")
        }
        if let message = absence.message {
            try Workflow.checkShown(message, as: "the message", maxBytes: Absence.maxMessageBytes)
        }
        if let name = absence.standIn { try checkStandIn(name, for: person) }
    }

    /// Holds an absence that passed `checkAbsence(_:by:now:)` against the recorded absences that have not ended
    /// (`existing`): no other absence of the person at the same time, and no chain of stand-ins, at any instant of
    /// the period, that comes back on itself or runs past `Absence.maxChain`.
    /// The times it names are told in the person's zone (`timeZone(of:)`).
    public func checkAbsence(_ absence: Absence, against existing: [Absence], now: Date) throws(Refusal) {
        let zone = timeZone(of: absence.person)
        if let clash = existing.first(where: { $0.person == absence.person && $0.overlaps(absence) }) {
            let from = SpokenTime.format(clash.from, in: zone, language: .en, now: now)
            let until = SpokenTime.format(clash.end, in: zone, language: .en, now: now)
            throw Refusal(
                .invalidRequest,
                "\(absence.person) is already away from \(from) until \(until) (absence \(clash.id)): end it first "
                    + "(flowctl away end \(absence.person))")
        }
        try checkChains(absence, existing: existing) { SpokenTime.format($0, in: zone, language: .en, now: now) }
    }

    /// The zone a time about `person` is told in: that of the clients they belong to or review, when those keep one
    /// clock; nil (UTC, said as such) when they have none or several.
    public func timeZone(of person: String) -> TimeZone? {
        guard let user = users[person] else { return nil }
        let zones = Set(clients(of: user).union(reviewedClients(by: user)).compactMap { clients[$0]?.timeZone })
        return zones.count == 1 ? zones.first : nil
    }

    /// Who may stand in for `person`: everyone else on their side who may review on every client they review, sorted.
    public func standInCandidates(for person: String) -> [String] {
        guard let absent = users[person] else { return [] }
        let needed = reviewedClients(by: absent)
        return users.values.filter { user in
            user.name != person && user.side == absent.side && user.has(.approver)
                && needed.isSubset(of: reviewedClients(by: user))
        }.map(\.name).sorted()
    }

    /// Whether `actor` may record or end `person`'s absences: the person themselves, an admin, or an agency user
    /// whose scope holds every client the person belongs to. Asked of the person in the config.
    public func checkAbsenceRecorder(_ actor: User, for person: String) throws(Refusal) {
        guard let person = users[person] else { throw Refusal(.unknownUser, "no user \(quoted(person))") }
        try checkRecorder(actor, for: person)
    }

    /// Whether `user` sees `person`'s absences: their own, an admin every one, anyone else those of the people who
    /// belong to a client in their scope. A person they may not see answers as one who is never away.
    public func mayRead(absencesOf person: String, by user: User) -> Bool {
        if user.name == person || user.has(.admin) { return true }
        guard let person = users[person] else { return false }
        return clients(of: person).contains { scope(of: user).contains($0) }
    }

    /// Whether `person` belongs to `client` (for a company user: is listed by it; for an agency user: works on it).
    public func belongs(_ person: String, to client: String) -> Bool {
        users[person].map { clients(of: $0).contains(client) } ?? false
    }

    /// The clients a person belongs to: a company user's are those that list them, an agency user's those in their
    /// scope.
    private func clients(of person: User) -> Set<String> {
        person.side == .company
            ? scope(of: person).only ?? [] : Set(clients.keys.filter { scope(of: person).contains($0) })
    }

    private func checkRecorder(_ actor: User, for person: User) throws(Refusal) {
        if actor.name == person.name || actor.has(.admin) { return }
        guard actor.side == .agency, clients(of: person).allSatisfy({ scope(of: actor).contains($0) }) else {
            throw Refusal(
                .forbidden,
                "\(actor.name) may not record \(person.name)'s absence: only they, an admin, or the agency people "
                    + "who work on their clients may")
        }
    }

    private func checkStandIn(_ name: String, for person: User) throws(Refusal) {
        guard let standIn = users[name] else { throw Refusal(.unknownUser, "no user \(quoted(name)) to stand in") }
        guard standIn.name != person.name else {
            throw Refusal(.invalidRequest, "\(person.name) cannot stand in for themselves")
        }
        guard standIn.side == person.side else {
            throw Refusal(
                .invalidRequest,
                "\(name) is on the \(standIn.side.rawValue) side and \(person.name) on the \(person.side.rawValue) "
                    + "side: a stand-in reviews for the same side")
        }
        let missing = reviewedClients(by: person).subtracting(reviewedClients(by: standIn)).sorted()
        guard missing.isEmpty else {
            throw Refusal(
                .invalidRequest,
                "\(name) may not review for \(missing.joined(separator: ", ")), which \(person.name) reviews: a stand-in "
                    + "must be an approver or backup approver there")
        }
    }

    /// Follows the chains from every person, at every instant within the new period where the absences change.
    private func checkChains(_ absence: Absence, existing: [Absence], told: (Date) -> String) throws(Refusal) {
        let all = existing + [absence]
        var instants = [absence.from]
        for other in existing where other.overlaps(absence) {
            if other.from > absence.from { instants.append(other.from) }
            if other.end < absence.end { instants.append(other.end) }
        }
        for instant in instants {
            for person in Set(all.filter { $0.holds(at: instant) }.map(\.person)).sorted() {
                guard case .nobody(let chain) = standIn(for: person, at: instant, absences: all),
                    let last = all.first(where: { $0.person == chain.last && $0.holds(at: instant) }),
                    last.standIn != nil
                else { continue }
                let names = (chain + [last.standIn ?? ""]).joined(separator: " → ")
                throw Refusal(
                    .invalidRequest,
                    chain.count > Absence.maxChain
                        ? "the stand-ins run too long on \(told(instant)): \(names) (at most \(Absence.maxChain))"
                        : "the stand-ins go round on \(told(instant)): \(names)")
            }
        }
    }
}
