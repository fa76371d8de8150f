/// The migrations after `earlyMigrations`, from the drafts' search index on (`migrations` is both, in order).
let laterMigrations: [String] = [
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
