import FlowCore
import Foundation
import Testing

@testable import FlowStore

extension Store {
    fileprivate func text(_ sql: String) throws -> String? {
        var out: String?
        try db.query(sql) { out = $0.optionalText(0) }
        return out
    }

    fileprivate func tryRun(_ sql: String) -> Bool { (try? db.exec(sql)) != nil }

    /// Puts the events table back as it was before the events migration, with AUTOINCREMENT, as a database written
    /// by the flowd before that migration would have it: the table exactly as the first migration made it.
    fileprivate func backToAutoincrement() throws {
        let eventsMigration = try #require(migrations.firstIndex { $0.contains("CREATE TABLE events_next") })
        let first = migrations[0]
        let start = try #require(first.range(of: "CREATE TABLE events ("))
        let end = try #require(first.range(of: ");", range: start.upperBound..<first.endIndex))
        let table = first[start.lowerBound..<end.upperBound]
            .replacingOccurrences(of: "CREATE TABLE events (", with: "CREATE TABLE events_old (")
        #expect(table.contains("AUTOINCREMENT"))
        try db.exec(
            """
            BEGIN IMMEDIATE;
            \(table)
            INSERT INTO events_old SELECT * FROM events;
            DROP TABLE events;
            ALTER TABLE events_old RENAME TO events;
            CREATE INDEX events_by_draft ON events(draft_id, id);
            CREATE INDEX events_by_at ON events(at);
            CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
            CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
            \(Store.undoMigrations(from: eventsMigration))
            PRAGMA user_version = \(eventsMigration);
            COMMIT;
            """)
    }
}

@Suite struct EventsMigrationTests {
    @Test func eventsLoseAutoincrementAndKeepEverythingElse() async throws {
        let dir = TempDir()
        let before: [LoggedEvent]
        do {
            let store = try Store(path: dir.database)
            let id = try await create(store).draft.id
            _ = try await create(store)
            _ = try await act(store, id, .submit, by: author)
            _ = try await act(store, id, .comment, by: approver, message: "looks \"fine\"")
            try await store.backToAutoincrement()
            #expect(try await store.text("SELECT seq FROM sqlite_sequence WHERE name = 'events'") == "4")
            before = try await store.events(after: 0, limit: 100)
        }
        let store = try Store(path: dir.database)
        #expect(try await store.pragma("user_version") == "\(Store.schemaVersion)")
        #expect(try await store.events(after: 0, limit: 100) == before)
        let schema = try #require(try await store.text("SELECT sql FROM sqlite_schema WHERE name = 'events'"))
        #expect(!schema.uppercased().contains("AUTOINCREMENT"))
        #expect(try await store.text("SELECT seq FROM sqlite_sequence WHERE name = 'events'") == nil)
        #expect(
            try await store.text(
                "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE tbl_name = 'events' "
                    + "AND type IN ('index', 'trigger') ORDER BY name)")
                == "events_are_append_only_delete events_are_append_only_update events_by_at events_by_draft")
        // Still append-only, and new ids go on after the last one.
        #expect(await store.tryRun("UPDATE events SET actor = 'x'") == false)
        #expect(await store.tryRun("DELETE FROM events") == false)
        let next = try await act(store, 1, .comment, by: author, message: "after the migration")
        #expect(next.events.map(\.id) == [before.last!.event.id + 1])
        #expect(try await store.eventCount() == before.count + 1)
    }
}
