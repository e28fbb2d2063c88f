-- The same tables as postgresql/V3, so that both databases keep one schema history. A backend on SQLite is alone
-- and keeps these counts in its memory; the tables matter when replicas share a PostgreSQL database.
CREATE TABLE counted_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    counter    TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE INDEX counted_events_by_counter ON counted_events (counter, expires_at);
CREATE INDEX counted_events_by_expiry ON counted_events (expires_at);

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
