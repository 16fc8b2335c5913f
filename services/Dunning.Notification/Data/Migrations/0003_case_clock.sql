-- The Stripe test clock a case runs on (its invoice's test_clock); null: wall time. Its reminders fall due in that clock's time.
ALTER TABLE $schema$.cases ADD COLUMN IF NOT EXISTS clock_id text NULL;
