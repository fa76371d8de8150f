public import Foundation

extension ReviewLink {
    /// Whether the link's page shows the content of the revision it was made for at `now`: the link is live under
    /// `key` (unused, not revoked, not expired, for the draft's current revision) and the draft is still in review.
    /// Every other state of the link or the draft shows a page without the post.
    public func showsContent(of draft: Draft, now: Date, key: LinkKey) -> Bool {
        draft.id == draftID && draft.state == .review
            && status(draftRevision: draft.revision, now: now, key: key) == .live
    }

    /// The medium at `position` (1-based) of the revision the link was made for, exactly when the link's page
    /// shows that revision's content; nil otherwise, and for a position the revision does not have.
    public func medium(at position: Int, of draft: Draft, now: Date, key: LinkKey) -> Medium? {
        guard showsContent(of: draft, now: now, key: key), draft.revision == revision else { return nil }
        return draft.content.medium(at: position)
    }
}

extension Content {
    /// The medium at `position`, counted from 1 as the media's addresses count; nil for a position it does not have.
    public func medium(at position: Int) -> Medium? {
        position >= 1 && position <= media.count ? media[position - 1] : nil
    }
}
