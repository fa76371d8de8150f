public import FlowCore
public import Foundation

extension Store {
    /// Revokes and mints a decision's review links in its transaction; returns the new links by user, as references
    /// (`LinkRef`): their addresses are derived from the server's key at delivery and never stored.
    func apply(_ plan: LinkPlan, draftID: Int64, at now: Date) throws -> [String: LinkRef] {
        if let use = plan.use { try useLink(use, draftID: draftID, at: now) }
        if let why = plan.revokeAll { try revokeLinks(draftID: draftID, user: nil, why: why, at: now) }
        for (user, why) in plan.revoke.sorted(by: { $0.key < $1.key }) {
            try revokeLinks(draftID: draftID, user: user, why: why, at: now)
        }
        var refs: [String: LinkRef] = [:]
        for grant in plan.mint { refs[grant.user] = try insert(grant, draftID: draftID, at: now) }
        return refs
    }

    /// Uses the link up for a decision on `draftID`, or refuses the whole transaction. Two clicks racing: the
    /// first decision uses the link up, the second is refused and rolled back.
    private func useLink(_ use: LinkUse, draftID: Int64, at now: Date) throws {
        try db.run(
            """
            UPDATE review_links SET used_at = ?1 WHERE token_hash = ?2 AND draft_id = ?3 AND user = ?4
            AND revision = ?5 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?1
            """, [.int(now.millis), .text(use.hash), .int(draftID), .text(use.user), .int(Int64(use.revision))])
        guard db.changes == 0 else { return }
        var found: ReviewLink?
        try db.query("SELECT \(Self.linkColumns) FROM review_links WHERE token_hash = ?", [.text(use.hash)]) {
            found = Self.decodeLink($0)
        }
        // The same answer for a link of another draft or person as for none: the refusal tells nothing of them.
        guard let link = found, link.draftID == draftID, link.user == use.user else {
            throw Refusal(.forbidden, "this review link is not \(use.user)'s for draft \(draftID)")
        }
        if link.revision != use.revision {
            throw Refusal(
                .staleRevision, "this review link is for revision \(link.revision), not revision \(use.revision)")
        }
        throw Refusal(.staleRevision, "this review link was used, revoked or has expired already")
    }

    /// A new link's row: its id and nonce first, then the hash of the token they derive under the key. Internal, not
    /// private, so tests can mint a link the workflow would not make.
    func insert(_ grant: LinkGrant, draftID: Int64, at now: Date) throws -> LinkRef {
        let nonce = LinkRef.newNonce()
        try db.run(
            """
            INSERT INTO review_links (token_hash, nonce, draft_id, revision, user, created_at, expires_at, minted_by,
                shown_to) VALUES ('', ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(nonce), .int(draftID), .int(Int64(grant.revision)), .text(grant.user), .int(now.millis),
                .int(grant.expiresAt.millis), grant.mintedBy.map { .text($0) } ?? .null,
                grant.shownTo.map { .text($0) } ?? .null,
            ])
        let ref = LinkRef(id: db.lastInsertID, nonce: nonce)
        try db.run(
            "UPDATE review_links SET token_hash = ? WHERE id = ?",
            [.text(LinkToken.hash(linkKey.token(for: ref))), .int(ref.id)])
        return ref
    }

    @discardableResult
    private func revokeLinks(draftID: Int64, user: String?, why: String, at now: Date) throws -> Int {
        try db.run(
            """
            UPDATE review_links SET revoked_at = ?, revoked_why = ?
            WHERE draft_id = ? AND revoked_at IS NULL AND used_at IS NULL AND (?4 IS NULL OR user = ?4)
            """, [.int(now.millis), .text(why), .int(draftID), user.map { .text($0) } ?? .null])
        return Int(db.changes)
    }

    /// Revokes a draft's live links, or one person's; returns how many.
    public func revokeLinks(draftID: Int64, user: String?, why: String, now: Date) async throws -> Int {
        try await writing { try revokeLinks(draftID: draftID, user: user, why: why, at: now) }
    }

    /// A draft's links, newest first.
    public func links(draftID: Int64) async throws -> [ReviewLink] {
        var out: [ReviewLink] = []
        try db.query(
            "SELECT \(Self.linkColumns) FROM review_links WHERE draft_id = ? ORDER BY created_at DESC, id DESC",
            [.int(draftID)]
        ) { out.append(Self.decodeLink($0)) }
        return out
    }

    /// The link whose token hashes to `hash`, if any.
    public func link(hash: String) async throws -> ReviewLink? {
        var out: ReviewLink?
        try db.query("SELECT \(Self.linkColumns) FROM review_links WHERE token_hash = ?", [.text(hash)]) {
            out = Self.decodeLink($0)
        }
        return out
    }

    static let linkColumns =
        "token_hash, draft_id, revision, user, created_at, expires_at, used_at, revoked_at, revoked_why, id, nonce, "
        + "minted_by, shown_to"

    static func decodeLink(_ row: Row) -> ReviewLink {
        ReviewLink(
            id: row.int(9), nonce: row.optionalText(10), tokenHash: row.text(0), draftID: row.int(1),
            revision: Int(row.int(2)), user: row.text(3), createdAt: Date(millis: row.int(4)),
            expiresAt: Date(millis: row.int(5)), usedAt: row.optionalInt(6).map(Date.init(millis:)),
            revokedAt: row.optionalInt(7).map(Date.init(millis:)), revokedWhy: row.optionalText(8),
            mintedBy: row.optionalText(11), shownTo: row.optionalText(12))
    }

    /// Runs `body` in a write transaction of its own, outside any batch.
    func writing<T>(_ body: () throws -> T) async throws -> T {
        try db.exec("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try db.exec("COMMIT")
            return value
        } catch {
            try? db.exec("ROLLBACK")
            throw error
        }
    }
}
