-- A running answer belongs to the backend replica that generates it (owner), for as long as that replica keeps
-- renewing its lease (lease_until, epoch milliseconds). Another replica may end an answer whose lease ran out.
ALTER TABLE messages ADD COLUMN owner TEXT;
ALTER TABLE messages ADD COLUMN lease_until BIGINT;

-- Answers left streaming by the release before this one had no owner: nothing generates them any more.
UPDATE messages SET status = 'interrupted', finish_reason = 'interrupted' WHERE status = 'streaming';

-- At most one answer runs in a chat, whichever replica starts it.
CREATE UNIQUE INDEX one_running_answer_per_chat ON messages (chat_id) WHERE status = 'streaming';
