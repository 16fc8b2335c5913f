-- Expiring-card reminders (pre-dunning) and the failures they prevented: one row per reminder, whichever of its two
-- messages (ExpiringCardReminded, ExpiringCardReplaced) arrives first; each fills only its own columns.
-- No livemode column: neither message carries one. A report takes the mode of the reminder's subscription
-- (metrics.subscriptions, which may arrive later), so the figure follows it whatever the order; see ExpiringCardQuery.
CREATE TABLE $schema$.expiring_card_reminders (
    reminder_id     text        PRIMARY KEY,
    customer_id     text        NOT NULL,
    subscription_id text        NOT NULL,
    renews_at       timestamptz NULL,
    sent_at         timestamptz NULL,
    replaced_at     timestamptz NULL
);
-- The summary counts reminders by sent_at and failures prevented by replaced_at within its days.
CREATE INDEX expiring_card_reminders_sent_at ON $schema$.expiring_card_reminders (sent_at) INCLUDE (subscription_id)
    WHERE sent_at IS NOT NULL;
CREATE INDEX expiring_card_reminders_replaced_at ON $schema$.expiring_card_reminders (replaced_at) INCLUDE (subscription_id)
    WHERE replaced_at IS NOT NULL;
