-- Customers' preferred languages as Stripe's customer events told them (newest event wins), so an email needs no Stripe
-- call to choose its language. A customer missing here is looked up in Stripe when its first email goes out.
CREATE TABLE IF NOT EXISTS $schema$.customer_locales (
    customer_id        text        PRIMARY KEY,
    preferred_locales  text[]      NOT NULL,
    changed_at         timestamptz NOT NULL
);
