public import Foundation

/// A review link is its person's alone (design.md §3). Its address is shown only to that person and to admins,
/// and showing it to anyone is an event in the draft's history; everyone else who works on the client may send a
/// person their link, which goes to that person's channels only. A decision through a link whose address was shown
/// to the writer of the revision is refused by the four-eyes rule (`Directory.checkReviewer`).
extension Workflow {
    /// Mints `person`'s link on `draft` for `actor`: the decision's event records who asked and who saw it.
    public static func decideLink(
        _ request: LinkRequest, for person: String, on draft: Draft, by actor: Actor, directory: Directory, now: Date
    ) throws(Refusal) -> Decision {
        let user = actor.user
        try directory.checkReach(draft, by: actor)
        let human = actor.human
        let humanIsAdmin = directory.users[human]?.has(.admin) ?? false
        switch request {
        case .show:
            guard human == person || humanIsAdmin else {
                throw Refusal(
                    .forbidden,
                    "\(human) may not see \(person)'s review link: a link is shown only to its person and to admins; "
                        + "flowctl links send \(draft.id) --for \(person) sends it to \(person)")
            }
        case .send:
            guard human == person || humanIsAdmin || user.side == .agency else {
                throw Refusal(.forbidden, "\(human) may not send review links: that is for the agency and admins")
            }
        }
        guard draft.state == .review else {
            throw Refusal(
                .invalidTransition,
                "draft \(draft.id) is in state \(draft.state.rawValue): links are for drafts in review")
        }
        guard directory.reviewers(of: draft).contains(person) else {
            throw Refusal(.invalidRequest, "\(quoted(person)) is not a reviewer of draft \(draft.id) now")
        }
        guard var grant = directory.linkGrants(for: [person], on: draft, now: now).first else {
            throw Refusal(.invalidTransition, "draft \(draft.id)'s review deadline has passed: no link would live")
        }
        grant.mintedBy = human
        let event: Event
        switch request {
        case .show:
            grant.shownTo = human
            event = makeEvent(
                draft, actor: actor, kind: .linkShown, from: .review, now: now,
                message: "\(person)'s review link for revision \(draft.revision) shown to \(human)",
                data: ["user": person, "shown_to": human])
        case .send:
            event = makeEvent(
                draft, actor: actor, kind: .linkSent, from: .review, now: now,
                message: "a new review link for revision \(draft.revision) sent to \(person)", data: ["user": person])
        }
        return Decision(
            draft: draft, events: [event], newRevision: false, told: request == .send ? [person] : [],
            links: LinkPlan(mint: [grant]))
    }
}

extension Actor {
    /// The person at the keyboard: the admin acting `--as` someone, else the user. A webhook source is no person.
    public var human: String { people.last ?? user.name }
}
