-- A customer's standing (GET /api/customers/{id}/standing, the payment banner, outgoing webhooks): the end of each open
-- case's grace period, as the scheduler announced it with its plan (its window's end, in the case's own time), and the
-- cases of a customer found by customer id.
ALTER TABLE $schema$.cases ADD COLUMN IF NOT EXISTS grace_until timestamptz NULL;
CREATE INDEX IF NOT EXISTS cases_customer ON $schema$.cases (customer_id);
