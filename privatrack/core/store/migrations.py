"""Versioned schema: one ``@migrations()`` function per change, applied in order on open (P23).

Never edit a released migration; add a new one. A vault that lists a migration this build does not know was
written by a newer PrivaTrack and is refused rather than downgraded.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("privatrack")


@migrations()
def m001_foundation(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE details (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('phone','email','address','name','id_number','other')),
            value TEXT NOT NULL,
            display TEXT NOT NULL,
            base_id INTEGER REFERENCES details(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            UNIQUE (kind, value)
        );
        CREATE TABLE merchants (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            jurisdiction TEXT CHECK (jurisdiction IN ('CN','EU','UK','US','US-CA')),
            privacy_email TEXT,
            postal_address TEXT,
            directory_key TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE merchant_identifiers (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('alias','domain','sms_sender','signature')),
            value TEXT NOT NULL,
            UNIQUE (merchant_id, kind, value)
        );
        CREATE INDEX merchant_identifiers_lookup ON merchant_identifiers(kind, value);
        CREATE TABLE disclosures (
            id INTEGER PRIMARY KEY,
            detail_id INTEGER NOT NULL REFERENCES details(id) ON DELETE CASCADE,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
            date TEXT,
            context TEXT,
            evidence TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX disclosures_merchant ON disclosures(merchant_id);
        CREATE INDEX disclosures_detail ON disclosures(detail_id);
        CREATE TABLE consent_events (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
            channel TEXT NOT NULL CHECK (channel IN ('sms','email','phone','post','any')),
            detail_id INTEGER REFERENCES details(id) ON DELETE SET NULL,
            date TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('explicit','default')),
            action TEXT NOT NULL CHECK (action IN ('grant','withdraw','refuse')),
            evidence TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX consent_events_merchant ON consent_events(merchant_id);
        """
    )


@migrations()
def m002_messages(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE raw_messages (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            storage TEXT NOT NULL CHECK (storage IN ('zlib','metadata_only')),
            data BLOB
        );
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL CHECK (channel IN ('email','sms')),
            direction TEXT NOT NULL DEFAULT 'in' CHECK (direction IN ('in','out')),
            source TEXT NOT NULL,
            source_item TEXT,
            dedupe_key TEXT NOT NULL UNIQUE,
            message_id TEXT,
            sender TEXT,
            sender_name TEXT,
            to_detail_id INTEGER REFERENCES details(id) ON DELETE SET NULL,
            to_address TEXT,
            date TEXT,
            date_ts REAL,
            subject TEXT,
            body_text TEXT,
            has_html INTEGER NOT NULL DEFAULT 0,
            headers TEXT,
            sha256 TEXT NOT NULL,
            raw_id INTEGER REFERENCES raw_messages(id),
            category TEXT CHECK (category IN ('marketing','transactional','personal','fraud')),
            merchant_id INTEGER REFERENCES merchants(id) ON DELETE SET NULL,
            confidence REAL,
            reasons TEXT,
            classified_at TEXT,
            imported_at TEXT NOT NULL
        );
        CREATE INDEX messages_date ON messages(date_ts);
        CREATE INDEX messages_merchant ON messages(merchant_id, date_ts);
        CREATE INDEX messages_category ON messages(category, date_ts);
        CREATE INDEX messages_message_id ON messages(message_id) WHERE message_id IS NOT NULL;
        CREATE VIRTUAL TABLE messages_fts USING fts5(
            subject, body_text, sender, content='messages', content_rowid='id', tokenize='trigram', columnsize=0
        );
        -- The importer indexes a whole batch with one INSERT ... SELECT (measured 4x less CPU than this trigger
        -- firing per row): it holds a row here for the span of its write transaction.
        CREATE TABLE messages_fts_deferred (id INTEGER PRIMARY KEY CHECK (id = 1));
        CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages
        WHEN NOT EXISTS (SELECT 1 FROM messages_fts_deferred) BEGIN
            INSERT INTO messages_fts(rowid, subject, body_text, sender)
            VALUES (new.id, new.subject, new.body_text, new.sender);
        END;
        CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, subject, body_text, sender)
            VALUES ('delete', old.id, old.subject, old.body_text, old.sender);
        END;
        CREATE TRIGGER messages_fts_au AFTER UPDATE OF subject, body_text, sender ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, subject, body_text, sender)
            VALUES ('delete', old.id, old.subject, old.body_text, old.sender);
            INSERT INTO messages_fts(rowid, subject, body_text, sender)
            VALUES (new.id, new.subject, new.body_text, new.sender);
        END;
        CREATE TABLE imap_state (
            account TEXT NOT NULL,
            mailbox TEXT NOT NULL,
            uidvalidity INTEGER NOT NULL,
            last_uid INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (account, mailbox)
        );
        CREATE TABLE import_rejects (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            item TEXT,
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            message_row INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            category TEXT,
            merchant_id INTEGER REFERENCES merchants(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL
        );
        """
    )


@migrations()
def m003_fts_watermark(db: Database) -> None:
    # A per-row AFTER INSERT trigger costs ~10-20 us per message even when its WHEN clause is false (measured:
    # a third of the SMS write path). Writers index new rows in bulk instead, up to a watermark that
    # ``store.search.catch_up`` advances in the writer's transaction and every vault open checks.
    db.executescript(
        """
        DROP TRIGGER messages_fts_ai;
        DROP TABLE messages_fts_deferred;
        CREATE TABLE fts_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_upto INTEGER NOT NULL);
        INSERT INTO fts_state(id, indexed_upto) VALUES (1, (SELECT coalesce(max(id), 0) FROM messages));
        -- Only rows below the watermark are in the index; deleting the top rows lowers it, because SQLite may
        -- hand their ids out again.
        DROP TRIGGER messages_fts_ad;
        CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, subject, body_text, sender)
            SELECT 'delete', old.id, old.subject, old.body_text, old.sender
            WHERE old.id <= (SELECT indexed_upto FROM fts_state);
            UPDATE fts_state SET indexed_upto = min(indexed_upto, (SELECT coalesce(max(id), 0) FROM messages));
        END;
        DROP TRIGGER messages_fts_au;
        CREATE TRIGGER messages_fts_au AFTER UPDATE OF subject, body_text, sender ON messages
        WHEN old.id <= (SELECT indexed_upto FROM fts_state) BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, subject, body_text, sender)
            VALUES ('delete', old.id, old.subject, old.body_text, old.sender);
            INSERT INTO messages_fts(rowid, subject, body_text, sender)
            VALUES (new.id, new.subject, new.body_text, new.sender);
        END;
        """
    )


@migrations()
def m004_classifier_version(db: Database) -> None:
    # Which classifier (rules and model) judged each message: after an upgrade the app can offer to reclassify
    # exactly the messages an older one judged. NULL: unknown (judged before this column, or never).
    db.executescript(
        """
        ALTER TABLE messages ADD COLUMN classifier TEXT;
        -- counting older verdicts reads this small index, not a million message rows
        CREATE INDEX messages_classifier ON messages(classifier) WHERE category IS NOT NULL;
        CREATE INDEX corrections_message ON corrections(message_row);
        """
    )


@migrations()
def m005_merchant_email_senders(db: Database) -> None:
    # A merchant can be recognised by the exact address it mails from: small shops write from qq.com or gmail.com,
    # whose domains name no one. SQLite cannot change a CHECK constraint in place, so the table is rebuilt.
    db.executescript(
        """
        CREATE TABLE merchant_identifiers_new (
            id INTEGER PRIMARY KEY,
            merchant_id INTEGER NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('alias','domain','sms_sender','signature','email_sender')),
            value TEXT NOT NULL,
            UNIQUE (merchant_id, kind, value)
        );
        -- (rows of a merchant deleted while foreign keys were off would fail the new table's check: left behind)
        INSERT INTO merchant_identifiers_new(id, merchant_id, kind, value)
            SELECT id, merchant_id, kind, value FROM merchant_identifiers
            WHERE merchant_id IN (SELECT id FROM merchants);
        DROP TABLE merchant_identifiers;
        ALTER TABLE merchant_identifiers_new RENAME TO merchant_identifiers;
        CREATE INDEX merchant_identifiers_lookup ON merchant_identifiers(kind, value);
        """
    )


@migrations()
def m006_fts_words(db: Database) -> None:
    # The trigram index cost ~350 us of CPU per 8 KB mail to build (about half of the vault write) and took more disk
    # than the compressed originals. Words (unicode61) plus character pairs for unspaced scripts (store.search)
    # cost ~70 us and half the disk, and find two-character Chinese words through the index (trigrams could not).
    # Contentless: the indexed text is computed in Python, so the triggers only drop rows and queue edited ones;
    # the next catch_up (every vault open does one) indexes every message again.
    db.executescript(
        """
        DROP TRIGGER messages_fts_ad;
        DROP TRIGGER messages_fts_au;
        DROP TABLE messages_fts;
        CREATE VIRTUAL TABLE messages_fts USING fts5(
            subject, body_text, sender, content='', contentless_delete=1,
            -- marks (Mn, Mc) belong to their letters: Thai vowels and tones, Devanagari signs
            tokenize='unicode61 remove_diacritics 2 categories ''L* N* Co Mn Mc'''
        );
        CREATE TABLE fts_stale (id INTEGER PRIMARY KEY);
        UPDATE fts_state SET indexed_upto = 0;
        CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
            DELETE FROM messages_fts WHERE rowid = old.id AND old.id <= (SELECT indexed_upto FROM fts_state);
            DELETE FROM fts_stale WHERE id = old.id;
            -- SQLite may hand the top ids out again: rows above the watermark are the ones not indexed yet
            UPDATE fts_state SET indexed_upto = min(indexed_upto, (SELECT coalesce(max(id), 0) FROM messages));
        END;
        CREATE TRIGGER messages_fts_au AFTER UPDATE OF subject, body_text, sender ON messages
        WHEN old.id <= (SELECT indexed_upto FROM fts_state) BEGIN
            DELETE FROM messages_fts WHERE rowid = old.id;
            INSERT OR IGNORE INTO fts_stale(id) VALUES (new.id);
        END;
        """
    )


@migrations()
def m007_sort_indexes(db: Database) -> None:
    # The Messages page sorts by these columns: without an index each sort read the whole table (1.7-2.8 s on a
    # million messages, bench/bench_search.py), with one it walks the index (0.3-0.4 s). date_ts second: within one
    # sender or channel the newest come first, as the page sorts ties. The channel index also serves the channel
    # filter. An existing vault builds them once when opened (~3 s each on a million messages).
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS messages_sender ON messages(sender, date_ts);
        CREATE INDEX IF NOT EXISTS messages_to ON messages(to_address, date_ts);
        CREATE INDEX IF NOT EXISTS messages_channel ON messages(channel, date_ts);
        """
    )


def known_names() -> list[str]:
    """:return: every migration this build knows, in order."""
    return [m.name for m in migrations._migrations]
