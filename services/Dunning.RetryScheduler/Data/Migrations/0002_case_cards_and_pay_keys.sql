-- The card a case failed on, the new card a customer set (paid with explicitly: a subscription's own default would
-- otherwise be charged again), and how many times a pay call's idempotency key was renewed after Stripe saved a 5xx for it.
ALTER TABLE $schema$.cases ADD COLUMN IF NOT EXISTS payment_method_id text NULL;
ALTER TABLE $schema$.cases ADD COLUMN IF NOT EXISTS new_payment_method_id text NULL;
ALTER TABLE $schema$.cases ADD COLUMN IF NOT EXISTS pay_key_renewals int NOT NULL DEFAULT 0;
