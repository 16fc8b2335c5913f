-- An outbox row that can never be published (its message type is unknown to this build, its body does not parse) is
-- parked with its error instead of blocking every later row: the relay skips it; ops can read, fix and un-park it.
ALTER TABLE $schema$.outbox ADD COLUMN IF NOT EXISTS parked_at timestamptz NULL;
