-- Tables for the sandbox's own record and the SMTP server's mailbox, loaded by lib/checks.sh before each check.
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS drill;
DROP VIEW IF EXISTS drill.failed;
DROP TABLE IF EXISTS drill.smtp_stops, drill.snapshot, drill.failed_events, drill.action_required_events, drill.invoices, drill.pay_calls, drill.webhooks, drill.emails, drill.suppressed, drill.sent_emails, drill.card_reminders,
    drill.recovered_before, drill.business_webhooks;
CREATE TABLE drill.invoices (id text PRIMARY KEY, status text, customer text, subscription text, amount_due bigint,
    amount_paid bigint, currency text, attempt_count int, billing_reason text, customer_email text);
CREATE TABLE drill.pay_calls (invoice text, idempotency_key text, outcome text, decline_code text, at timestamptz);
CREATE TABLE drill.webhooks (event_id text, type text, url text, attempt int, status int, delivered boolean,
    queued_at timestamptz, at timestamptz);
CREATE TABLE drill.emails (message_id text, recipient text, subject text);
-- What the sandbox's stand-in for the business's application received from Dunning (/sandbox/record/business-webhooks).
CREATE TABLE drill.business_webhooks (event_id text, type text, invoice text, verified boolean, at timestamptz);
CREATE TABLE drill.suppressed (email text PRIMARY KEY);
-- When the SMTP drill archived the mailbox (minus 2 s) and when maildev had exited: lib/faults.sh stop_smtp.
CREATE TABLE drill.smtp_stops (from_at timestamptz, to_at timestamptz);
CREATE TABLE drill.failed_events (invoice text PRIMARY KEY);
CREATE TABLE drill.action_required_events (invoice text PRIMARY KEY);
-- When the sandbox's record was read (just after this script): a service row written later than this may be ahead of it.
CREATE TABLE drill.snapshot AS SELECT clock_timestamp() AS at;
-- What our services called recovered BEFORE the sandbox was read: recovered implies paid in the sandbox, and a payment is
-- made in the sandbox before any service learns of it, so this direction is checked without racing the retries still
-- running (read after the sandbox, a retry paid in between looks like a recovery the sandbox never saw).
CREATE TABLE drill.recovered_before AS
    SELECT 'ledger' AS source, invoice_id FROM metrics.ledger WHERE outcome = 'recovered'
    UNION ALL SELECT 'scheduler', invoice_id FROM scheduler.cases WHERE status = 'recovered';
