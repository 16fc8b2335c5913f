-- The Stripe test clock a case runs on (its invoice's test_clock); null: wall time.
ALTER TABLE $schema$.cases ADD COLUMN IF NOT EXISTS clock_id text NULL;
