import CSQLite
import FlowCore
import Foundation

@testable import FlowStore

/// What the tests ask of a store that the daemon never does: raw SQL, pragmas, counts of rows, and ways to make
/// the writer busy or its commits fail. They live here, not in FlowStore, so the shipped library carries none.
extension Store {
    func execute(_ sql: String) throws { try db.exec(sql) }

    /// The value of a pragma as text.
    func pragma(_ name: String) throws -> String {
        var value = ""
        try db.query("PRAGMA \(name)") { value = $0.text(0) }
        return value
    }

    func integrityCheck() throws -> String { try pragma("integrity_check") }

    /// SQL that takes a database back from after a migration to before it, for the migrations that cannot run
    /// twice (a column added): a test that sets `user_version` back to an earlier migration runs this first, so the
    /// database is what a flowd of that version wrote, and every later migration runs on it as it would.
    static let undoMigration: [String: String] = [
        "ALTER TABLE drafts ADD COLUMN media": """
        DROP INDEX revisions_with_media;
        ALTER TABLE drafts DROP COLUMN media;
        ALTER TABLE revisions DROP COLUMN media;
        """,
        "CREATE TABLE settings": "DROP TABLE settings;",
        "CREATE TABLE absences": "DROP TABLE absences;",
        "CREATE VIRTUAL TABLE drafts_text": """
        DROP TRIGGER drafts_text_insert;
        DROP TRIGGER drafts_text_update;
        DROP TRIGGER drafts_text_delete;
        DROP TABLE drafts_text;
        """,
        "CREATE TABLE draft_names": """
        DROP TRIGGER draft_names_insert;
        DROP TRIGGER draft_names_update;
        DROP TRIGGER draft_names_delete;
        DROP TABLE draft_names;
        DROP INDEX drafts_by_author;
        """,
        "CREATE TABLE inbox_links": "DROP TABLE inbox_links;",
        "ALTER TABLE outbox ADD COLUMN skipped": "ALTER TABLE outbox DROP COLUMN skipped;",
        "CREATE INDEX inbox_links_by_expiry": "DROP INDEX inbox_links_by_expiry;",
        "ALTER TABLE inbox_links ADD COLUMN client": """
        DROP INDEX inbox_links_by_user;
        ALTER TABLE inbox_links DROP COLUMN client;
        CREATE INDEX inbox_links_by_user ON inbox_links(user, expires_at);
        """,
    ]

    /// The undo SQL of every migration from `version` on, newest first: prepend it to the SQL that sets
    /// `user_version = version`.
    static func undoMigrations(from version: Int) -> String {
        migrations[version...].reversed().compactMap { migration in
            undoMigration.first { migration.contains($0.key) }?.value
        }.joined(separator: "\n")
    }

    func eventCount() throws -> Int { try count("SELECT count(*) FROM events") }

    func revisionCount(draftID: Int64) throws -> Int {
        try count("SELECT count(*) FROM revisions WHERE draft_id = ?", [.int(draftID)])
    }

    /// Inbound webhook deliveries remembered for once-only handling.
    func receiptCount() throws -> Int { try count("SELECT count(*) FROM webhook_receipts") }

    private func count(_ sql: String, _ params: [SQLValue] = []) throws -> Int {
        Int(try db.scalar(sql, params) ?? 0)
    }

    func outboxRow(_ id: Int64) throws -> OutboxRow? { try loadOutboxRow(id) }

    /// Mints one link with no decision around it: a link the workflow would not make (one for an older revision
    /// that nothing revoked).
    func mintLink(draftID: Int64, _ grant: LinkGrant, at now: Date) async throws -> LinkRef {
        try await writing { try insert(grant, draftID: draftID, at: now) }
    }

    /// Makes every COMMIT fail (SQLite turns it into a rollback), to see what a failed commit does.
    func vetoCommits(_ veto: Bool) {
        sqlite3_commit_hook(db.handle, veto ? { _ in 1 } : nil, nil)
    }

    /// Keeps the actor busy, as a long fsync would, so transitions queue behind it.
    func holdForTesting(seconds: Double) { usleep(UInt32(seconds * 1_000_000)) }
}
