import FlowConfig
import FlowCore
import FlowRender
import FlowStore
import Foundation

/// What the review pages and the calendar's previews read, through the engine rather than its store.
extension Engine {
    /// The key review-link tokens are derived from.
    var linkKey: LinkKey { store.linkKey }

    /// The link whose token hashes to `hash`, with its draft; nil when either is gone.
    func reviewLink(hash: String) async throws -> (link: ReviewLink, draft: Draft)? {
        guard let link = try await store.link(hash: hash), let draft = try await store.draft(link.draftID) else {
            return nil
        }
        return (link, draft)
    }

    /// The inbox link whose token hashes to `hash`.
    func inboxLink(hash: String) async throws -> InboxLink? {
        try await store.inboxLink(hash: hash)
    }

    /// The token of `user`'s newest live inbox link for `client`.
    func liveInboxToken(user: String, client: String, now: Date) async throws -> String? {
        try await store.liveInboxLink(user: user, client: client, now: now).map { linkKey.inboxToken(for: $0) }
    }

    /// The tokens of `user`'s live review links for the drafts' current revisions, by draft.
    func liveReviewTokens(user: String, drafts: [Draft], now: Date) async throws -> [Int64: String] {
        let key = linkKey
        return try await store.liveReviewLinks(user: user, drafts: drafts, now: now).mapValues { key.token(for: $0) }
    }

    /// A draft as stored, without a caller's scope: the caller has checked the client itself (a calendar feed's).
    func storedDraft(_ id: Int64) async throws -> Draft? {
        try await store.draft(id)
    }

    /// `draft`'s page as `reader` sees it now: its pending steps and the client's running crisis, and the round's
    /// newest comments when `withComments`.
    func reviewPage(
        _ draft: Draft, for reader: String, withComments: Bool, language: PageLanguage, now: Date
    ) async throws -> ReviewPage {
        let comments =
            withComments
            ? try await store.roundComments(draftID: draft.id, since: draft.enteredAt, limit: ReviewPage.shownComments)
            : .none
        var history = ReviewHistory.none
        if withComments {
            history.seen = try await store.lastSeen(draftID: draft.id, user: reader, before: draft.revision)
            if let entered = draft.enteredAt {
                history.earlier = try await store.earlierRounds(
                    draftID: draft.id, before: entered, limit: ReviewPage.shownComments)
            }
        }
        var page = ReviewPage.make(
            draft: draft, for: reader, directory: config.directory, comments: comments,
            pending: try await store.timers(draftID: draft.id), language: language, now: now, history: history)
        page.crisis = try await store.runningCrisis(client: draft.client)?.message
        return page
    }

    /// Whether `actor` recorded an event of `kind` on `revision` of the draft (what a page's `?done=` claims).
    func hasEvent(draftID: Int64, actor: String, revision: Int, kind: EventKind) async throws -> Bool {
        try await store.hasEvent(draftID: draftID, actor: actor, revision: revision, kind: kind)
    }

    /// How many comments `actor` made on `revision` through their links this round.
    func linkComments(draftID: Int64, actor: String, revision: Int) async throws -> Int {
        try await store.linkComments(draftID: draftID, actor: actor, revision: revision)
    }
}
