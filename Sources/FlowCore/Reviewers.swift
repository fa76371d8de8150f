import Foundation

/// Who reviews a draft: one rule, which lists the reviewers (`reviewers(of:)`, read by the view, the review page,
/// links and notifications) and checks every decision (`checkReviewer`), so the two cannot disagree.
extension Directory {
    /// Why a person may not review a draft's revision.
    enum ReviewBar: Equatable {
        case notApprover, wroteIt, otherSide, clientGone, notListed
        /// Away (`presence`): their stand-in reviews, or nobody and the ladder widens the circle at once.
        case away(Absence)
    }

    /// Who reviews a draft now: the client's approvers plus anyone escalation added, each through their absence to
    /// whoever stands in (`presence`), or, where the company wrote the revision, every agency approver who works on
    /// the client and is not away; of those, the people the rule lets review.
    public func reviewers(of draft: Draft) -> [String] {
        if draft.revisionAuthorSide == .company {
            return users.values.filter {
                reviewBar($0, on: draft) == nil && sees($0, client: draft.client)
            }.map(\.name).sorted()
        }
        var seen: Set<String> = []
        return listed(on: draft).compactMap { acting(for: $0, on: draft) }.filter { name in
            seen.insert(name).inserted && (users[name].map { reviewBar($0, on: draft) == nil } ?? false)
        }
    }

    /// The people a draft written by the agency asks by name: the client's approvers, then those escalation added.
    func listed(on draft: Draft) -> [String] {
        var names = clients[draft.client]?.approvers ?? []
        for name in draft.extraReviewers where !names.contains(name) { names.append(name) }
        return names
    }

    /// The listed people of a draft in whose place `name` reviews it now (`presence`): "dora for carl".
    public func standingIn(_ name: String, on draft: Draft) -> [String] {
        guard draft.revisionAuthorSide == .agency, !presence.isEmpty else { return [] }
        return listed(on: draft).filter { $0 != name && acting(for: $0, on: draft) == name }
    }

    /// Who reviews `draft` for the listed `person` now: they themselves, or while they are away their stand-in
    /// (`presence`) if the stand-in may see the draft's client, else nobody. A stand-in was checked against the
    /// clients the person reviews when the absence was recorded, but the person may be on a draft through
    /// escalation as a member, or a reload may have moved the stand-in: no draft is ever shown outside its scope.
    func acting(for person: String, on draft: Draft) -> String? {
        guard let acting = presence.actingFor(person) else { return nil }
        guard acting != person else { return person }
        return users[acting].map { sees($0, client: draft.client) } == true ? acting : nil
    }

    /// The four-eyes rule as it applies to one person: a reviewer holds role approver, is neither of the people who
    /// wrote the revision, sits on the side that did not write it, and, when that side is the company, is listed
    /// for the client (an approver, or added by escalation). Nil when `user` may review.
    func reviewBar(_ user: User, on draft: Draft) -> ReviewBar? {
        guard user.has(.approver) else { return .notApprover }
        if draft.wrote(user.name) { return .wroteIt }
        if let absence = presence.absences[user.name] { return .away(absence) }
        guard user.side == draft.revisionAuthorSide.other else { return .otherSide }
        guard draft.revisionAuthorSide.other == .company else { return nil }
        guard let client = clients[draft.client] else { return .clientGone }
        // Whoever is listed, a reviewer is someone the client's drafts are shown to (a reload can move people).
        guard sees(user, client: draft.client) else { return .notListed }
        guard
            client.approvers.contains(user.name) || draft.extraReviewers.contains(user.name)
                || !standingIn(user.name, on: draft).isEmpty
        else { return .notListed }
        return nil
    }

    /// The four-eyes rule for a decision: besides the person's own bar, nobody who wrote the revision may decide in
    /// any name (`Actor.people`) or through a link whose address was shown to them.
    func checkReviewer(_ actor: Actor, on draft: Draft, for action: Action, now: Date) throws(Refusal) {
        let user = actor.user
        let how = draft.revisionVia.map { " (\($0) as \(draft.revisionAuthor))" } ?? ""
        if user.has(.approver), let person = actor.people.first(where: draft.wrote) {
            throw Refusal(
                .forbidden,
                "\(person) wrote revision \(draft.revision)\(how) and cannot review it in any name: four eyes")
        }
        if user.has(.approver), let witness = actor.linkShownTo, draft.wrote(witness) {
            throw Refusal(
                .forbidden,
                "\(witness) wrote revision \(draft.revision)\(how) and saw \(user.name)'s link: four eyes")
        }
        switch reviewBar(user, on: draft) {
        case nil: return
        case .notApprover:
            throw Refusal(.forbidden, "\(user.name) lacks role approver, which \(action.rawValue) needs")
        case .wroteIt:
            throw Refusal(
                .forbidden,
                "\(user.name) wrote revision \(draft.revision)\(how) and cannot review it in any name: four eyes")
        case .otherSide:
            throw Refusal(
                .forbidden,
                "\(user.name) is on the \(user.side.rawValue) side; revision \(draft.revision) is reviewed by the "
                    + "\(draft.revisionAuthorSide.other.rawValue) side")
        case .clientGone:
            throw Refusal(.forbidden, "client \(draft.client) is not in the config: no approver can be checked")
        case .notListed:
            throw Refusal(.forbidden, "\(user.name) is not an approver of client \(draft.client)")
        case .away(let absence):
            // The same rule that finds the reviewers: a stand-in this draft's client is not shown to is nobody here.
            let standIn = acting(for: user.name, on: draft).map { "\($0) reviews in their place" } ?? "nobody stands in"
            let until = SpokenTime.format(absence.end, in: clients[draft.client]?.timeZone, language: .en, now: now)
            throw Refusal(
                .forbidden,
                "\(user.name) is away until \(until) and \(standIn): flowctl away end \(user.name) to review again")
        }
    }
}

extension Draft {
    /// Whether `name` wrote the current revision: its author, or the person who wrote it in the author's name.
    func wrote(_ name: String) -> Bool {
        name == revisionAuthor || name == revisionVia
    }
}
