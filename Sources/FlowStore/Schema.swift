/// Migrations by schema version (`PRAGMA user_version`); index i moves version i to i+1. Append only.
let migrations: [String] = [
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
    // Words in drafts (`flowctl ls --search`): an FTS5 index over the current revision's title and body, which the
    // drafts' row holds. External content, so the text is not stored twice; triggers keep it right in the
    // transaction that changes a row, whatever path writes it, and only when the text changed: a comment or an
    // approval writes nothing here. The rebuild indexes the drafts a database already has.
    """
    CREATE VIRTUAL TABLE drafts_text USING fts5(
        title, body, content = 'drafts', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
    CREATE TRIGGER drafts_text_insert AFTER INSERT ON drafts BEGIN
        INSERT INTO drafts_text (rowid, title, body) VALUES (new.id, new.title, new.body);
    END;
    CREATE TRIGGER drafts_text_update AFTER UPDATE OF title, body ON drafts
        WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN
        INSERT INTO drafts_text (drafts_text, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO drafts_text (rowid, title, body) VALUES (new.id, new.title, new.body);
    END;
    CREATE TRIGGER drafts_text_delete AFTER DELETE ON drafts BEGIN
        INSERT INTO drafts_text (drafts_text, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END;
    INSERT INTO drafts_text (drafts_text) VALUES ('rebuild');
    """,
    // A draft's labels and channels as rows (`flowctl ls --label`, `--channel`): the drafts' JSON columns cannot be
    // indexed, and a rare label would otherwise read every draft. Kept by triggers like `drafts_text`, from the same
    // columns (a column that is not JSON counts as empty rather than failing the write), and filled from the drafts
    // a database already has. The author's index serves `--author` newest first.
    """
    CREATE TABLE draft_names (
        kind TEXT NOT NULL CHECK (kind IN ('label', 'channel')),
        name TEXT NOT NULL,
        draft_id INTEGER NOT NULL,
        PRIMARY KEY (kind, name, draft_id)
    ) WITHOUT ROWID;
    CREATE INDEX draft_names_by_draft ON draft_names(draft_id);
    CREATE TRIGGER draft_names_insert AFTER INSERT ON drafts BEGIN
        INSERT OR IGNORE INTO draft_names (kind, name, draft_id)
            SELECT 'label', value, new.id FROM json_each(CASE WHEN json_valid(new.labels) THEN new.labels ELSE '[]' END)
            UNION ALL SELECT 'channel', value, new.id
            FROM json_each(CASE WHEN json_valid(new.channels) THEN new.channels ELSE '[]' END);
    END;
    CREATE TRIGGER draft_names_update AFTER UPDATE OF labels, channels ON drafts
        WHEN old.labels IS NOT new.labels OR old.channels IS NOT new.channels BEGIN
        DELETE FROM draft_names WHERE draft_id = old.id;
        INSERT OR IGNORE INTO draft_names (kind, name, draft_id)
            SELECT 'label', value, new.id FROM json_each(CASE WHEN json_valid(new.labels) THEN new.labels ELSE '[]' END)
            UNION ALL SELECT 'channel', value, new.id
            FROM json_each(CASE WHEN json_valid(new.channels) THEN new.channels ELSE '[]' END);
    END;
    CREATE TRIGGER draft_names_delete AFTER DELETE ON drafts BEGIN
        DELETE FROM draft_names WHERE draft_id = old.id;
    END;
    INSERT OR IGNORE INTO draft_names (kind, name, draft_id)
        SELECT 'label', j.value, d.id FROM drafts d,
            json_each(CASE WHEN json_valid(d.labels) THEN d.labels ELSE '[]' END) j
        UNION ALL SELECT 'channel', j.value, d.id FROM drafts d,
            json_each(CASE WHEN json_valid(d.channels) THEN d.channels ELSE '[]' END) j;
    CREATE INDEX drafts_by_author ON drafts(author, id);
    """,
    // A person's inbox link: one address that lists everything waiting for them, derived like a review link's from
    // the row's id and nonce under the server's key (the hash alone is stored).
    """
    CREATE TABLE inbox_links (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL,
        nonce TEXT NOT NULL,
        user TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER
    );
    CREATE INDEX inbox_links_by_hash ON inbox_links(token_hash);
    CREATE INDEX inbox_links_by_user ON inbox_links(user, expires_at);
    """,
    // A delivery the sink took but that reached nobody (flowd-mail: no one it concerns has an address): settled like
    // a delivered row (kept, purged and indexed as one), counted apart from the ones that reached someone.
    """
    ALTER TABLE outbox ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
    """,
    // Retention purges inbox links that ended long ago, in batches on this index.
    """
    CREATE INDEX inbox_links_by_expiry ON inbox_links(expires_at);
    """,
    // An inbox link is a person's for one client: a notice goes only to the sinks of its draft's client, so the link
    // it carries must open that client's drafts alone. Links from before named no client: gone (the next notice
    // brings a new one).
    """
    DELETE FROM inbox_links;
    ALTER TABLE inbox_links ADD COLUMN client TEXT NOT NULL DEFAULT '';
    DROP INDEX inbox_links_by_user;
    CREATE INDEX inbox_links_by_user ON inbox_links(user, client, expires_at);
    """,
]
