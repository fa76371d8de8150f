public import FlowCore

extension Store {
    /// The hashes of every medium a revision names: the files the sweep of unreferenced media keeps. Every draft's
    /// current revision is a row of `revisions`, so these are all that a draft can show; the partial index on
    /// revisions with media keeps the read to the rows that name a file. On a read-only connection of its own, in
    /// one read transaction, so the store's writer never waits for it; the owner runs it on the blocking pool.
    public static func referencedMedia(database path: String) throws -> Set<String> {
        let db = try Connection(path: path, readOnly: true)
        try db.exec("PRAGMA busy_timeout=5000; BEGIN")
        defer { try? db.exec("COMMIT") }
        var hashes: Set<String> = []
        try db.query("SELECT media FROM revisions WHERE media <> '[]'") { row in
            for medium in try JSONColumns.media(row.text(0)) { hashes.insert(medium.sha256) }
        }
        return hashes
    }

    /// The media of one revision of a draft, as it was written; nil when the draft has no such revision.
    public func media(draftID: Int64, revision: Int) throws -> [Medium]? {
        var media: [Medium]?
        try db.query(
            "SELECT media FROM revisions WHERE draft_id = ? AND revision = ?", [.int(draftID), .int(Int64(revision))]
        ) { media = try JSONColumns.media($0.text(0)) }
        return media
    }
}
