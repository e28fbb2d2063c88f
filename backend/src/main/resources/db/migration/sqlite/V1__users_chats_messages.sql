-- Times are epoch milliseconds (INTEGER): sortable, exact and dialect-neutral.
CREATE TABLE users (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    email              TEXT    NOT NULL UNIQUE,
    password_hash      TEXT    NOT NULL,
    full_name          TEXT,
    created_at         INTEGER NOT NULL,
    tokens_valid_after INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE chats (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title         TEXT    NOT NULL,
    system_prompt TEXT,
    model         TEXT,
    temperature   REAL,
    max_tokens    INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- "a user's chats by latest activity"
CREATE INDEX chats_by_user_activity ON chats (user_id, updated_at DESC, id DESC);

CREATE TABLE messages (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id           INTEGER NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    role              TEXT    NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content           TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('complete', 'streaming', 'interrupted', 'error')),
    model             TEXT,
    finish_reason     TEXT,
    error             TEXT,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    ttft_ms           INTEGER,
    duration_ms       INTEGER,
    created_at        INTEGER NOT NULL
);

-- "a chat's messages in order"
CREATE INDEX messages_by_chat ON messages (chat_id, id);
-- start-up recovery finds answers left streaming by a crash
CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming';
