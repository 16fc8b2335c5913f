-- When each email went out in its case's own time (the test clock's, for a case on one; wall time otherwise), so a
-- rehearsal on a test clock can show that the day-3 reminder came on day 3 of the clock. Null for rows sent before.
ALTER TABLE $schema$.sent_emails ADD COLUMN IF NOT EXISTS case_sent_at timestamptz NULL;
