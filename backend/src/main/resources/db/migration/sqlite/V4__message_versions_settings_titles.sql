-- Versions of messages. A chat's messages form a tree: each message follows its parent (the message before it in
-- its branch; none for the first). An edited question or a regenerated answer is a new message with the same parent
-- as the one it is a version of, so earlier versions are kept. The chat shows one branch: the path from the first
-- message to its leaf (leaf_message_id, no foreign key: chats and messages would reference each other).
ALTER TABLE messages ADD COLUMN parent_id INTEGER REFERENCES messages (id) ON DELETE CASCADE;
ALTER TABLE chats ADD COLUMN leaf_message_id INTEGER;

-- Until now every chat was one branch: each message follows the one before it.
UPDATE messages SET parent_id = (SELECT max(p.id) FROM messages p WHERE p.chat_id = messages.chat_id AND p.id < messages.id);
UPDATE chats SET leaf_message_id = (SELECT max(m.id) FROM messages m WHERE m.chat_id = chats.id);

-- "the versions of a message" (its siblings) and "what follows it"; deleting a chat cascades through it too
CREATE INDEX messages_by_parent ON messages (parent_id);

-- Settings per chat: top_p beside temperature and max_tokens.
ALTER TABLE chats ADD COLUMN top_p REAL;

-- Where the title comes from: 'default' ("New chat"), 'question' (the first words of the first question, until the
-- model writes one), 'model' (written by the model after the first answer) or 'user' (named by the person, which the
-- model never overwrites).
ALTER TABLE chats ADD COLUMN title_source TEXT NOT NULL DEFAULT 'user'
    CHECK (title_source IN ('default', 'question', 'model', 'user'));
UPDATE chats SET title_source = 'default' WHERE title = 'New chat';
