-- One row per email whose whole message is about to reach the SMTP server: written in its own transaction just before the end
-- of the data (the lone "."), deleted with the send record's commit. A row left behind means the run that wrote it ended
-- (kill -9, lost commit) after the server may have taken the message: the next run records it maybe sent instead of sending a
-- second copy (decision 003).
CREATE TABLE IF NOT EXISTS $schema$.hand_off_marks (
    message_id text        PRIMARY KEY,
    marked_at  timestamptz NOT NULL DEFAULT now()
);
