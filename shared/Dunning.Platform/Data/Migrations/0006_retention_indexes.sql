-- The retention job finds old inbox and outbox rows by time. BRIN indexes: rows arrive in time order, so a few pages of index
-- cover millions of rows, and an insert (one per consumed message) costs next to nothing, unlike a B-tree.
CREATE INDEX IF NOT EXISTS inbox_handled_brin ON $schema$.inbox USING brin (handled_at);
CREATE INDEX IF NOT EXISTS outbox_created_brin ON $schema$.outbox USING brin (created_at);
