public import FlowCore
public import Foundation

/// What a review page reads of a draft's past for its reader: the revision they last had, and the earlier rounds'
/// conversation. Each read is bounded by an index and a limit.
extension Store {
    /// The newest revision below `current` that one of `user`'s review links was for, with its text and the
    /// requests for changes made of it; nil when this is the first revision they are asked about.
    public func lastSeen(draftID: Int64, user: String, before current: Int) async throws -> SeenRevision? {
        let seen = try db.scalar(
            "SELECT max(revision) FROM review_links WHERE draft_id = ? AND user = ? AND revision < ?",
            [.int(draftID), .text(user), .int(Int64(current))])
        guard let seen else { return nil }
        var text: (title: String, body: String)?
        try db.query(
            "SELECT title, body FROM revisions WHERE draft_id = ? AND revision = ?", [.int(draftID), .int(seen)]
        ) { text = ($0.text(0), $0.text(1)) }
        guard let text else { return nil }
        var asked: [Event] = []
        try db.query(
            """
            SELECT id, draft_id, at, actor, via, action, from_state, to_state, revision, message, data
            FROM events WHERE draft_id = ? AND revision = ? AND action = 'request-changes' ORDER BY id LIMIT 20
            """, [.int(draftID), .int(seen)]
        ) { asked.append(try decodeEvent($0)) }
        return SeenRevision(revision: Int(seen), title: text.title, body: text.body, asked: asked)
    }

    /// The comments and requests for changes of the rounds before `since` (when the draft last entered review):
    /// the newest `limit`, oldest first.
    public func earlierRounds(draftID: Int64, before since: Date, limit: Int) async throws -> [Event] {
        var newest: [Event] = []
        try db.query(
            """
            SELECT id, draft_id, at, actor, via, action, from_state, to_state, revision, message, data
            FROM events WHERE draft_id = ? AND action IN ('comment', 'request-changes') AND at < ?
            ORDER BY id DESC LIMIT ?
            """, [.int(draftID), .int(Int64(since.millis)), .int(Int64(limit))]
        ) { newest.append(try decodeEvent($0)) }
        return newest.reversed()
    }
}
