/// Migrations by schema version (`PRAGMA user_version`); index i moves version i to i+1. Append only: new ones go
/// at the end of `laterMigrations`.
let migrations: [String] = earlyMigrations + laterMigrations

/// The schema up to the drafts' search index.
let earlyMigrations: [String] = [
    """
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        client TEXT NOT NULL,
        lane TEXT NOT NULL,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        channels TEXT NOT NULL,
        publish_at INTEGER,
        content_hash TEXT NOT NULL,
        author TEXT NOT NULL,
        revision_author TEXT NOT NULL,
        revision_author_side TEXT NOT NULL,
        approvals TEXT NOT NULL,
        approved_hash TEXT,
        labels TEXT NOT NULL,
        published_url TEXT,
        external_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE INDEX drafts_by_state ON drafts(state, id);
    CREATE INDEX drafts_by_client ON drafts(client, id);
    CREATE TABLE revisions (
        draft_id INTEGER NOT NULL REFERENCES drafts(id),
        revision INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        channels TEXT NOT NULL,
        publish_at INTEGER,
        content_hash TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (draft_id, revision)
    ) WITHOUT ROWID;
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        draft_id INTEGER NOT NULL REFERENCES drafts(id),
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        via TEXT,
        action TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        revision INTEGER NOT NULL,
        message TEXT,
        data TEXT NOT NULL
    );
    CREATE INDEX events_by_draft ON events(draft_id, id);
    CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    """,
    """
    ALTER TABLE drafts ADD COLUMN extra_reviewers TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE drafts ADD COLUMN due_at INTEGER;
    ALTER TABLE drafts ADD COLUMN acknowledged_until INTEGER;
    ALTER TABLE drafts ADD COLUMN entered_at INTEGER;
    CREATE INDEX drafts_by_due ON drafts(due_at) WHERE due_at IS NOT NULL;
    CREATE TABLE timers (
        id INTEGER PRIMARY KEY,
        draft_id INTEGER NOT NULL REFERENCES drafts(id),
        state TEXT NOT NULL,
        kind TEXT NOT NULL,
        step INTEGER NOT NULL,
        due_at INTEGER NOT NULL,
        occurrence INTEGER NOT NULL
    );
    CREATE INDEX timers_by_due ON timers(due_at, id);
    CREATE INDEX timers_by_draft ON timers(draft_id);
    """,
    """
    CREATE TABLE deliveries (
        source TEXT NOT NULL,
        id TEXT NOT NULL,
        draft_id INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (source, id)
    ) WITHOUT ROWID;
    """,
    """
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        sink TEXT NOT NULL,
        webhook_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        draft_id INTEGER NOT NULL,
        event_id INTEGER NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
        created_at INTEGER NOT NULL,
        next_attempt_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        first_attempt_at INTEGER,
        last_attempt_at INTEGER,
        last_status INTEGER,
        last_error TEXT,
        delivered_at INTEGER
    );
    CREATE INDEX outbox_due ON outbox(sink, next_attempt_at, id) WHERE state = 'pending';
    CREATE INDEX outbox_by_state ON outbox(state, id);
    CREATE TABLE sinks (
        name TEXT PRIMARY KEY,
        disabled_at INTEGER NOT NULL,
        reason TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    """
    ALTER TABLE drafts ADD COLUMN revision_via TEXT;
    ALTER TABLE drafts ADD COLUMN acknowledged_seconds REAL NOT NULL DEFAULT 0;
    ALTER TABLE drafts ADD COLUMN replanned_at INTEGER;
    ALTER TABLE timers ADD COLUMN ladder_step TEXT;
    ALTER TABLE deliveries RENAME TO webhook_receipts;
    """,
    """
    CREATE TABLE review_links (
        token_hash TEXT PRIMARY KEY,
        draft_id INTEGER NOT NULL REFERENCES drafts(id),
        revision INTEGER NOT NULL,
        user TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        revoked_at INTEGER,
        revoked_why TEXT
    ) WITHOUT ROWID;
    CREATE INDEX review_links_by_draft ON review_links(draft_id, created_at);
    """,
    """
    ALTER TABLE outbox ADD COLUMN target TEXT;
    """,
    """
    CREATE TABLE digests (
        user TEXT NOT NULL,
        client TEXT NOT NULL,
        day TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        PRIMARY KEY (user, client, day)
    ) WITHOUT ROWID;
    """,
    """
    ALTER TABLE timers ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE timers ADD COLUMN last_error TEXT;
    """,
    """
    CREATE INDEX outbox_delivered ON outbox(delivered_at) WHERE state = 'delivered';
    CREATE INDEX webhook_receipts_by_at ON webhook_receipts(at);
    """,
    """
    CREATE INDEX events_by_at ON events(at);
    """,
    """
    CREATE INDEX drafts_by_publish ON drafts(publish_at) WHERE publish_at IS NOT NULL;
    """,
    """
    CREATE TABLE calendar_feeds (
        token_hash TEXT PRIMARY KEY,
        client TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
    ) WITHOUT ROWID;
    CREATE INDEX calendar_feeds_by_client ON calendar_feeds(client) WHERE revoked_at IS NULL;
    """,
    """
    CREATE TABLE crises (
        id INTEGER PRIMARY KEY,
        client TEXT NOT NULL,
        message TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        started_by TEXT NOT NULL,
        ended_at INTEGER,
        ended_by TEXT
    );
    CREATE UNIQUE INDEX crises_running ON crises(client) WHERE ended_at IS NULL;
    """,
    """
    ALTER TABLE drafts ADD COLUMN template TEXT;
    ALTER TABLE drafts ADD COLUMN template_expires_at INTEGER;
    ALTER TABLE drafts ADD COLUMN template_per_day INTEGER;
    ALTER TABLE drafts ADD COLUMN template_crisis INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE drafts ADD COLUMN from_template INTEGER;
    CREATE UNIQUE INDEX drafts_live_templates ON drafts(client, template)
        WHERE template IS NOT NULL AND state != 'withdrawn';
    CREATE INDEX drafts_templates ON drafts(client, template, id) WHERE template IS NOT NULL;
    CREATE INDEX drafts_by_template ON drafts(from_template, created_at) WHERE from_template IS NOT NULL;
    """,
    """
    ALTER TABLE drafts ADD COLUMN review_mode TEXT NOT NULL DEFAULT 'normal';
    ALTER TABLE drafts ADD COLUMN decided_at INTEGER;
    ALTER TABLE drafts ADD COLUMN changes_requested INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX drafts_decided ON drafts(client, lane, decided_at)
        WHERE decided_at IS NOT NULL AND template IS NULL AND from_template IS NULL;
    CREATE INDEX drafts_in_objection ON drafts(client, lane) WHERE review_mode = 'unless-objected';
    CREATE TABLE autonomy_lost (
        client TEXT NOT NULL,
        lane TEXT NOT NULL,
        at INTEGER NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (client, lane)
    ) WITHOUT ROWID;
    """,
    // Events without AUTOINCREMENT: events are never deleted (the triggers refuse it), so the largest id plus one,
    // which SQLite gives without it, never reuses an id either; AUTOINCREMENT cost every transition a read and a
    // write of sqlite_sequence, a whole page of the few a comment writes to the WAL. Rebuilt the way SQLite's
    // documentation rebuilds a table; nothing refers to events.
    """
    CREATE TABLE events_next (
        id INTEGER PRIMARY KEY,
        draft_id INTEGER NOT NULL REFERENCES drafts(id),
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        via TEXT,
        action TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        revision INTEGER NOT NULL,
        message TEXT,
        data TEXT NOT NULL
    );
    INSERT INTO events_next (id, draft_id, at, actor, via, action, from_state, to_state, revision, message, data)
        SELECT id, draft_id, at, actor, via, action, from_state, to_state, revision, message, data FROM events
        ORDER BY id;
    DROP TABLE events;
    ALTER TABLE events_next RENAME TO events;
    CREATE INDEX events_by_draft ON events(draft_id, id);
    CREATE INDEX events_by_at ON events(at);
    CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    DELETE FROM sqlite_sequence WHERE name = 'events';
    """,
    // Receipts were dated by their draft's last change, which a comment does not move: a comment's receipt on a draft
    // older than the retention could be purged at once, and a redelivery then commented twice. Receipts are now dated
    // by their transition (`DeliveryReceipt`); the ones written before take their event's time where it is later.
    // Outcomes are the daemon's own JSON, but a row that is not JSON is left as it is rather than failing the upgrade.
    // A correlated subquery rather than UPDATE … FROM, which needs SQLite 3.33.
    """
    UPDATE webhook_receipts SET at = max(at, coalesce((
        SELECT events.at FROM events
        WHERE events.id = CAST(json_extract(
            CASE WHEN json_valid(outcome) THEN outcome ELSE '{}' END, '$.event') AS INTEGER)), at));
    """,
    // Review links are derived from the server's key (`LinkKey`) and the row's id and nonce, so a copy of the database
    // holds no working link: a rowid table with the id, the nonce, and who asked for a link and saw its address. The
    // links from before were random tokens that notifications in the outbox still held in full: they are revoked,
    // and the outbox's copies of them are dropped from its JSON payloads.
    """
    CREATE TABLE review_links_next (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        nonce TEXT,
        draft_id INTEGER NOT NULL REFERENCES drafts(id),
        revision INTEGER NOT NULL,
        user TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        revoked_at INTEGER,
        revoked_why TEXT,
        minted_by TEXT,
        shown_to TEXT
    );
    INSERT INTO review_links_next (token_hash, draft_id, revision, user, created_at, expires_at, used_at, revoked_at,
        revoked_why)
        SELECT token_hash, draft_id, revision, user, created_at, expires_at, used_at, revoked_at, revoked_why
        FROM review_links ORDER BY created_at, token_hash;
    UPDATE review_links_next SET revoked_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000,
        revoked_why = 'flowd''s link key changed'
        WHERE used_at IS NULL AND revoked_at IS NULL;
    DROP TABLE review_links;
    ALTER TABLE review_links_next RENAME TO review_links;
    CREATE INDEX review_links_by_draft ON review_links(draft_id, created_at);
    UPDATE outbox SET payload = json_remove(payload, '$.data.links')
        WHERE json_valid(payload) AND json_type(payload, '$.data.links') IS NOT NULL;
    """,
    // Receipts of signed bodies (the GitHub scheme) are kept for good (`DeliveryReceipt.signedBodyPrefix`): the index
    // retention walks leaves them out, so that they never pile up in its way. Its condition is `Store.expiringReceipt`.
    """
    DROP INDEX webhook_receipts_by_at;
    CREATE INDEX webhook_receipts_by_at ON webhook_receipts(at) WHERE substr(id, 1, 5) <> 'body:';
    """,
    // A revision's media (`JSONColumns.encode(_: [Medium])`): the draft's row holds its current revision's, each
    // revision its own. The partial index lists the revisions that name a file, which is what the sweep of
    // unreferenced media files reads; the many without media stay out of it.
    """
    ALTER TABLE drafts ADD COLUMN media TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE revisions ADD COLUMN media TEXT NOT NULL DEFAULT '[]';
    CREATE INDEX revisions_with_media ON revisions(draft_id, revision) WHERE media <> '[]';
    """,
    // Facts about the data as a whole (`Store.setting`), such as `Engine.replanSetting`.
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    """,
    // People away, and who stands in for them (`Store.recordAbsence`). The index serves the one question asked of
    // it: the absences that have not ended yet.
    """
    CREATE TABLE absences (
        id INTEGER PRIMARY KEY,
        person TEXT NOT NULL,
        from_at INTEGER NOT NULL,
        until_at INTEGER NOT NULL,
        stand_in TEXT,
        message TEXT,
        set_by TEXT NOT NULL,
        set_at INTEGER NOT NULL,
        ended_at INTEGER
    );
    CREATE INDEX absences_by_until ON absences(until_at);
    """,
]
