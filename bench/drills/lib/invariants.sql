-- The invariants, each one row: name | pass | what was observed. Sandbox/SMTP side from the drill schema.
-- A failed invoice: the sandbox emitted invoice.payment_failed for it (its invoice state, as the sandbox has it now).
-- Invoices that only needed 3-D Secure (invoice.payment_action_required, no payment_failed) are not dunning cases.
CREATE OR REPLACE VIEW drill.failed AS
  SELECT i.* FROM drill.invoices i JOIN drill.failed_events f ON f.invoice = i.id;

WITH steps(step) AS (VALUES ('first_failure'), ('reminder_day3'), ('reminder_day7'), ('final_notice'),
                            ('action_required'), ('recovered'), ('win_back'), ('retries_ended')),
expected_ids AS (
  SELECT f.id AS invoice, s.step,
         '<dunning.' || s.step || '.' || left(encode(sha256(convert_to(f.id || '|' || s.step, 'UTF8')), 'hex'), 32) || '@dunning.example>' AS message_id
  FROM (SELECT id FROM drill.failed UNION SELECT invoice FROM drill.action_required_events) f CROSS JOIN steps s),
sandbox_sums AS (SELECT currency, sum(amount_due) AS failed FROM drill.failed GROUP BY currency),
ledger_sums AS (SELECT currency, sum(amount_minor) FILTER (WHERE outcome = 'recovered') AS rec,
                       sum(amount_minor) FILTER (WHERE outcome = 'lost') AS lost,
                       sum(amount_minor) FILTER (WHERE outcome = 'open') AS open, sum(amount_minor) AS total
                FROM metrics.ledger GROUP BY currency),
balance AS (SELECT coalesce(s.currency, l.currency) AS currency, coalesce(s.failed, 0) AS failed,
                   coalesce(l.rec, 0) AS rec, coalesce(l.lost, 0) AS lost, coalesce(l.open, 0) AS open
            FROM sandbox_sums s FULL JOIN ledger_sums l USING (currency)),
key_counts AS (SELECT idempotency_key, count(*) AS n FROM drill.pay_calls GROUP BY idempotency_key),
pay_day AS (SELECT p.invoice, count(*) OVER (PARTITION BY p.invoice ORDER BY p.at RANGE BETWEEN interval '24 hours' PRECEDING AND CURRENT ROW) AS n
            FROM drill.pay_calls p),
-- Dunning's emails about a case; expiring-card reminders (before any failure) are checked apart, in 12.
case_emails AS (SELECT * FROM drill.emails WHERE message_id NOT LIKE '<dunning.card\_expiring.%'),
email_counts AS (SELECT message_id, count(*) AS n FROM case_emails GROUP BY message_id),
-- Expiring-card reminders: in the SMTP server (by Message-ID) and as notification.card_reminders recorded them (the rows read
-- before the mailbox, as sent_emails: each must be in it; the live table after it: each email in the mailbox must be recorded).
card_emails AS (SELECT message_id, count(*) AS n, min(recipient) AS recipient FROM drill.emails
                WHERE message_id LIKE '<dunning.card\_expiring.%' GROUP BY message_id),
card_unreceived AS (SELECT r.* FROM drill.card_reminders r
                    WHERE NOT EXISTS (SELECT 1 FROM card_emails e WHERE e.message_id = '<' || r.message_id || '>')
                      AND NOT EXISTS (SELECT 1 FROM drill.smtp_stops t WHERE r.sent_at BETWEEN t.from_at AND t.to_at)),
card_unrecorded AS (SELECT e.* FROM card_emails e
                    WHERE NOT EXISTS (SELECT 1 FROM notification.card_reminders r WHERE '<' || r.message_id || '>' = e.message_id)),
-- recorded as sent, not in any mailbox; "in_stop": handed to the SMTP server while the drill was stopping it (maildev
-- keeps mail in memory, so what it accepted between the archive and its exit is gone with it)
missing_emails AS (SELECT s.*, EXISTS (SELECT 1 FROM drill.smtp_stops t WHERE s.sent_at BETWEEN t.from_at AND t.to_at) AS in_stop
                   FROM drill.sent_emails s
                   WHERE NOT EXISTS (SELECT 1 FROM drill.emails e JOIN expected_ids x ON x.message_id = e.message_id
                                     WHERE x.invoice = s.invoice_id AND x.step = s.step)),
-- failed invoices of customers who did not unsubscribe whose customer got no email at all (first failure, or what replaced
-- it when the case closed first: recovered, win-back); an email handed over while the drill stopped the SMTP server counts
-- "held": the session stopped the SMTP server and the invoice is closed in the sandbox: its emails waited out the outage
-- and the case closed before they could go (a reminder whose moment has passed is not sent; the drill's cadence is seconds)
unmailed_all AS (SELECT f.id, f.customer_email, f.status <> 'open' AND EXISTS (SELECT 1 FROM drill.smtp_stops) AS held FROM drill.failed f
             WHERE NOT EXISTS (SELECT 1 FROM drill.suppressed s WHERE s.email = lower(f.customer_email))
               AND NOT EXISTS (SELECT 1 FROM drill.emails e JOIN expected_ids x ON x.message_id = e.message_id WHERE x.invoice = f.id)
               AND NOT EXISTS (SELECT 1 FROM missing_emails m WHERE m.invoice_id = f.id AND m.in_stop)),
unmailed AS (SELECT * FROM unmailed_all WHERE NOT held),
delivered AS (SELECT DISTINCT event_id FROM drill.webhooks WHERE delivered),
unsent_outbox AS (SELECT 'webhook' AS service, created_at FROM webhook.outbox WHERE sent_at IS NULL
                  UNION ALL SELECT 'scheduler', created_at FROM scheduler.outbox WHERE sent_at IS NULL
                  UNION ALL SELECT 'notification', created_at FROM notification.outbox WHERE sent_at IS NULL
                  UNION ALL SELECT 'metrics', created_at FROM metrics.outbox WHERE sent_at IS NULL),
-- Webhooks to the business (notification.business_webhooks, one row per event id): each case told opened once, and recovered
-- or lost once when it closed; every delivered event received (signed) by the sandbox's stand-in for the business's app.
told AS (SELECT invoice_id, type, count(DISTINCT event_id) AS ids FROM notification.business_webhooks GROUP BY invoice_id, type),
untold AS (SELECT c.invoice_id, 'dunning.case.opened' AS type FROM scheduler.cases c
             WHERE NOT EXISTS (SELECT 1 FROM told t WHERE t.invoice_id = c.invoice_id AND t.type = 'dunning.case.opened' AND t.ids = 1)
           UNION ALL
           SELECT c.invoice_id, 'dunning.case.' || c.status FROM scheduler.cases c WHERE c.status IN ('recovered', 'lost')
             AND NOT EXISTS (SELECT 1 FROM told t WHERE t.invoice_id = c.invoice_id AND t.type = 'dunning.case.' || c.status AND t.ids = 1)),
business_received AS (SELECT event_id, count(*) AS n, bool_and(verified) AS verified FROM drill.business_webhooks GROUP BY event_id),
delivered_unreceived AS (SELECT b.event_id FROM notification.business_webhooks b WHERE b.status = 'delivered'
                           AND NOT EXISTS (SELECT 1 FROM business_received r WHERE r.event_id = b.event_id)),
stuck_outbox AS (SELECT * FROM unsent_outbox WHERE created_at < (SELECT at FROM drill.snapshot) - interval '10 seconds'),
checks(ord, name, pass, observed) AS (
  SELECT 0, 'the load made invoices fail (so the checks below are not vacuous)',
    EXISTS (SELECT 1 FROM drill.failed),
    format('%s invoices failed in the sandbox, %s needed 3-D Secure', (SELECT count(*) FROM drill.failed),
      (SELECT count(*) FROM drill.action_required_events))
  UNION ALL
  SELECT 1, 'every failed invoice has exactly one dunning case (scheduler.cases)',
    NOT EXISTS (SELECT 1 FROM drill.failed f WHERE NOT EXISTS (SELECT 1 FROM scheduler.cases c WHERE c.invoice_id = f.id))
      AND NOT EXISTS (SELECT 1 FROM scheduler.cases c WHERE NOT EXISTS (SELECT 1 FROM drill.failed f WHERE f.id = c.invoice_id)),
    format('%s failed invoices; %s without a case; %s cases for invoices that did not fail',
      (SELECT count(*) FROM drill.failed),
      (SELECT count(*) FROM drill.failed f WHERE NOT EXISTS (SELECT 1 FROM scheduler.cases c WHERE c.invoice_id = f.id)),
      (SELECT count(*) FROM scheduler.cases c WHERE NOT EXISTS (SELECT 1 FROM drill.failed f WHERE f.id = c.invoice_id)))
  UNION ALL
  SELECT 2, 'every failed invoice has exactly one ledger row (metrics.ledger)',
    NOT EXISTS (SELECT 1 FROM drill.failed f WHERE NOT EXISTS (SELECT 1 FROM metrics.ledger l WHERE l.invoice_id = f.id))
      AND NOT EXISTS (SELECT 1 FROM metrics.ledger l WHERE NOT EXISTS (SELECT 1 FROM drill.failed f WHERE f.id = l.invoice_id)),
    format('%s ledger rows; %s failed invoices without a row; %s rows for invoices that did not fail',
      (SELECT count(*) FROM metrics.ledger),
      (SELECT count(*) FROM drill.failed f WHERE NOT EXISTS (SELECT 1 FROM metrics.ledger l WHERE l.invoice_id = f.id)),
      (SELECT count(*) FROM metrics.ledger l WHERE NOT EXISTS (SELECT 1 FROM drill.failed f WHERE f.id = l.invoice_id)))
  UNION ALL
  SELECT 3, 'recovered + lost + open = failed, per currency, to the cent',
    NOT EXISTS (SELECT 1 FROM balance WHERE rec + lost + open <> failed),
    coalesce((SELECT string_agg(format('%s: failed %s = recovered %s + lost %s + open %s%s', currency, failed, rec, lost, open,
                 CASE WHEN rec + lost + open <> failed THEN ' (MISMATCH)' ELSE '' END), '; ' ORDER BY currency) FROM balance), 'no failures')
  UNION ALL
  SELECT 4, 'ledger outcome agrees with the sandbox (paid in sandbox <=> recovered in ledger)',
    NOT EXISTS (SELECT 1 FROM drill.failed f JOIN metrics.ledger l ON l.invoice_id = f.id WHERE f.status = 'paid' AND l.outcome <> 'recovered')
      AND NOT EXISTS (SELECT 1 FROM drill.failed f JOIN drill.recovered_before r ON r.invoice_id = f.id AND r.source = 'ledger' WHERE f.status <> 'paid'),
    format('%s paid in the sandbox but not recovered in the ledger; %s recovered in the ledger (read before the sandbox) but not paid in the sandbox',
      (SELECT count(*) FROM drill.failed f JOIN metrics.ledger l ON l.invoice_id = f.id WHERE f.status = 'paid' AND l.outcome <> 'recovered'),
      (SELECT count(*) FROM drill.failed f JOIN drill.recovered_before r ON r.invoice_id = f.id AND r.source = 'ledger' WHERE f.status <> 'paid'))
      || coalesce('; mismatched (sandbox read at ' || to_char((SELECT at FROM drill.snapshot), 'HH24:MI:SS.MS') || '): ' || (
           SELECT string_agg(format('%s sandbox %s (last pay call %s %s), ledger %s closed %s', m.id, m.status, coalesce(to_char(m.pay_at, 'HH24:MI:SS.MS'), '-'),
                    coalesce(m.pay_outcome, ''), m.outcome, coalesce(to_char(m.closed_at, 'HH24:MI:SS.MS'), '-')), ', ')
           FROM (SELECT f.id, f.status, x.outcome AS outcome, x.closed_at, p.at AS pay_at, p.outcome AS pay_outcome
                 FROM drill.failed f JOIN metrics.ledger x ON x.invoice_id = f.id
                 LEFT JOIN LATERAL (SELECT at, outcome FROM drill.pay_calls WHERE invoice = f.id ORDER BY at DESC LIMIT 1) p ON true
                 WHERE (f.status = 'paid' AND x.outcome <> 'recovered')
                    OR (f.status <> 'paid' AND EXISTS (SELECT 1 FROM drill.recovered_before r WHERE r.invoice_id = f.id AND r.source = 'ledger'))
                 LIMIT 3) m), '')
  UNION ALL
  SELECT 4, 'scheduler case status agrees with the sandbox (paid <=> recovered)',
    NOT EXISTS (SELECT 1 FROM drill.failed f JOIN scheduler.cases c ON c.invoice_id = f.id WHERE f.status = 'paid' AND c.status <> 'recovered')
      AND NOT EXISTS (SELECT 1 FROM drill.failed f JOIN drill.recovered_before r ON r.invoice_id = f.id AND r.source = 'scheduler' WHERE f.status <> 'paid'),
    format('%s paid in the sandbox but not recovered by the scheduler; %s recovered by the scheduler (read before the sandbox) but not paid in the sandbox; scheduler: %s open, %s recovered, %s lost',
      (SELECT count(*) FROM drill.failed f JOIN scheduler.cases c ON c.invoice_id = f.id WHERE f.status = 'paid' AND c.status <> 'recovered'),
      (SELECT count(*) FROM drill.failed f JOIN drill.recovered_before r ON r.invoice_id = f.id AND r.source = 'scheduler' WHERE f.status <> 'paid'),
      (SELECT count(*) FROM scheduler.cases WHERE status = 'open'), (SELECT count(*) FROM scheduler.cases WHERE status = 'recovered'),
      (SELECT count(*) FROM scheduler.cases WHERE status = 'lost'))
      || coalesce('; mismatched (sandbox read at ' || to_char((SELECT at FROM drill.snapshot), 'HH24:MI:SS.MS') || '): ' || (
           SELECT string_agg(format('%s sandbox %s (last pay call %s %s), scheduler %s closed %s', m.id, m.status, coalesce(to_char(m.pay_at, 'HH24:MI:SS.MS'), '-'),
                    coalesce(m.pay_outcome, ''), m.outcome, coalesce(to_char(m.closed_at, 'HH24:MI:SS.MS'), '-')), ', ')
           FROM (SELECT f.id, f.status, x.status AS outcome, x.closed_at, p.at AS pay_at, p.outcome AS pay_outcome
                 FROM drill.failed f JOIN scheduler.cases x ON x.invoice_id = f.id
                 LEFT JOIN LATERAL (SELECT at, outcome FROM drill.pay_calls WHERE invoice = f.id ORDER BY at DESC LIMIT 1) p ON true
                 WHERE (f.status = 'paid' AND x.status <> 'recovered')
                    OR (f.status <> 'paid' AND EXISTS (SELECT 1 FROM drill.recovered_before r WHERE r.invoice_id = f.id AND r.source = 'scheduler'))
                 LIMIT 3) m), '')
  UNION ALL
  SELECT 5, 'at most one pay call per (case, attempt) (idempotency keys)',
    NOT EXISTS (SELECT 1 FROM key_counts WHERE n > 1 OR idempotency_key IS NULL),
    format('%s pay calls executed, %s distinct keys, %s keys executed more than once, %s calls without a key',
      (SELECT count(*) FROM drill.pay_calls), (SELECT count(*) FROM key_counts WHERE idempotency_key IS NOT NULL),
      (SELECT count(*) FROM key_counts WHERE n > 1 AND idempotency_key IS NOT NULL),
      (SELECT count(*) FROM drill.pay_calls WHERE idempotency_key IS NULL))
  UNION ALL
  SELECT 6, 'no card-network budget exceeded (Visa <= 15 reattempts/30 d, Mastercard <= 10/24 h; one card per invoice here)',
    coalesce((SELECT max(attempt_count) FROM drill.invoices), 0) <= 16 AND coalesce((SELECT max(n) FROM pay_day), 0) <= 10,
    format('most charges on one card: %s (first charge + %s retries); most pay calls on one card in 24 h: %s; retries allowed by the drill policy: %s',
      (SELECT coalesce(max(attempt_count), 0) FROM drill.invoices), (SELECT coalesce(max(attempt_count), 1) - 1 FROM drill.invoices),
      (SELECT coalesce(max(n), 0) FROM pay_day), :'max_attempts')
  UNION ALL
  SELECT 7, 'exactly one email per (case, step) in the SMTP server',
    NOT EXISTS (SELECT 1 FROM email_counts WHERE n > 1)
      AND NOT EXISTS (SELECT 1 FROM case_emails e WHERE NOT EXISTS (SELECT 1 FROM expected_ids x WHERE x.message_id = e.message_id))
      AND NOT EXISTS (SELECT 1 FROM missing_emails WHERE NOT in_stop),
    format('%s emails in the SMTP server for %s (case, step) pairs; %s pairs sent twice; %s recorded maybe sent (decision 003), %s of them received; %s emails for no failed invoice; %s emails the service recorded as sent but the SMTP server never got%s',
      (SELECT count(*) FROM case_emails), (SELECT count(*) FROM email_counts), (SELECT count(*) FROM email_counts WHERE n > 1),
      (SELECT count(*) FROM drill.sent_emails WHERE maybe_sent),
      (SELECT count(*) FROM drill.sent_emails s WHERE s.maybe_sent AND EXISTS (SELECT 1 FROM case_emails e JOIN expected_ids x ON x.message_id = e.message_id
                                                                         WHERE x.invoice = s.invoice_id AND x.step = s.step)),
      (SELECT count(*) FROM case_emails e WHERE NOT EXISTS (SELECT 1 FROM expected_ids x WHERE x.message_id = e.message_id)),
      (SELECT count(*) FROM missing_emails),
      coalesce(' (' || (SELECT string_agg(format('%s/%s sent %s', invoice_id, step, to_char(sent_at, 'HH24:MI:SS.MS')), ', ') FROM missing_emails)
               || '; handed over while the drill was stopping the SMTP server: ' || (SELECT count(*) FROM missing_emails WHERE in_stop) || ')', ''))
  UNION ALL
  SELECT 7.5, 'every failed invoice of a customer who did not unsubscribe got an email (SMTP server)',
    NOT EXISTS (SELECT 1 FROM unmailed),
    format('%s failed invoices of customers who did not unsubscribe; %s of them without any email in the SMTP server%s; %s closed while the SMTP stop held their emails',
      (SELECT count(*) FROM drill.failed f WHERE NOT EXISTS (SELECT 1 FROM drill.suppressed s WHERE s.email = lower(f.customer_email))),
      (SELECT count(*) FROM unmailed), coalesce(' (e.g. ' || (SELECT string_agg(id, ', ') FROM (SELECT id FROM unmailed LIMIT 5) u) || ')', ''),
      (SELECT count(*) FROM unmailed_all WHERE held))
  UNION ALL
  SELECT 8, 'no email to a suppressed address',
    NOT EXISTS (SELECT 1 FROM drill.emails e JOIN drill.suppressed s ON lower(e.recipient) = s.email),
    format('%s suppressed addresses (unsubscribed through the link before the drill); %s emails to them',
      (SELECT count(*) FROM drill.suppressed), (SELECT count(*) FROM drill.emails e JOIN drill.suppressed s ON lower(e.recipient) = s.email))
  UNION ALL
  SELECT 9, 'every webhook the sandbox saw answered 2xx was processed (webhook.stripe_events)',
    NOT EXISTS (SELECT 1 FROM delivered d WHERE NOT EXISTS (SELECT 1 FROM webhook.stripe_events e WHERE e.id = d.event_id)),
    format('%s events answered 2xx (%s delivery attempts, %s non-2xx/failed); %s of them missing from webhook.stripe_events; %s events never answered 2xx',
      (SELECT count(*) FROM delivered), (SELECT count(*) FROM drill.webhooks), (SELECT count(*) FROM drill.webhooks WHERE NOT delivered),
      (SELECT count(*) FROM delivered d WHERE NOT EXISTS (SELECT 1 FROM webhook.stripe_events e WHERE e.id = d.event_id)),
      (SELECT count(DISTINCT event_id) FROM drill.webhooks w WHERE NOT EXISTS (SELECT 1 FROM delivered d WHERE d.event_id = w.event_id)))
  UNION ALL
  SELECT 10, 'every outbox drained (all services; rows unsent for more than 10 s when the record was read)',
    (SELECT count(*) FROM stuck_outbox) = 0,
    format('unsent rows: webhook %s, scheduler %s, notification %s, metrics %s (and %s written in the 10 s before, still in flight)',
      (SELECT count(*) FROM stuck_outbox WHERE service = 'webhook'), (SELECT count(*) FROM stuck_outbox WHERE service = 'scheduler'),
      (SELECT count(*) FROM stuck_outbox WHERE service = 'notification'), (SELECT count(*) FROM stuck_outbox WHERE service = 'metrics'),
      (SELECT count(*) FROM unsent_outbox) - (SELECT count(*) FROM stuck_outbox))
  UNION ALL
  SELECT 11, 'each case told the business once per effect (opened; recovered or lost), every delivered webhook received and signed',
    NOT EXISTS (SELECT 1 FROM untold) AND NOT EXISTS (SELECT 1 FROM delivered_unreceived)
      AND NOT EXISTS (SELECT 1 FROM notification.business_webhooks WHERE status = 'failed')
      AND NOT EXISTS (SELECT 1 FROM business_received WHERE NOT verified)
      AND NOT EXISTS (SELECT 1 FROM business_received r WHERE NOT EXISTS (SELECT 1 FROM notification.business_webhooks b WHERE b.event_id = r.event_id)),
    format('%s events recorded (%s delivered, %s pending, %s failed); %s effects untold (e.g. %s); %s delivered but not received; '
      || '%s received unsigned; %s received twice (at least once: same id); %s received that were never recorded',
      (SELECT count(*) FROM notification.business_webhooks), (SELECT count(*) FROM notification.business_webhooks WHERE status = 'delivered'),
      (SELECT count(*) FROM notification.business_webhooks WHERE status = 'pending'),
      (SELECT count(*) FROM notification.business_webhooks WHERE status = 'failed'), (SELECT count(*) FROM untold),
      coalesce((SELECT invoice_id || ' ' || type FROM untold LIMIT 1), 'none'), (SELECT count(*) FROM delivered_unreceived),
      (SELECT count(*) FROM business_received WHERE NOT verified), (SELECT count(*) FROM business_received WHERE n > 1),
      (SELECT count(*) FROM business_received r WHERE NOT EXISTS (SELECT 1 FROM notification.business_webhooks b WHERE b.event_id = r.event_id)))
  UNION ALL
  SELECT 12, 'each expiring card reminded at most once (customer, card, expiry), every recorded reminder received, none to a suppressed address',
    NOT EXISTS (SELECT 1 FROM card_emails WHERE n > 1) AND NOT EXISTS (SELECT 1 FROM card_unreceived)
      AND NOT EXISTS (SELECT 1 FROM card_unrecorded)
      AND NOT EXISTS (SELECT 1 FROM card_emails e JOIN drill.suppressed s ON lower(e.recipient) = s.email),
    format('%s reminders recorded (%s maybe sent), %s in the SMTP server; %s sent twice; %s recorded but not received; %s received but '
      || 'never recorded; %s to the %s suppressed addresses',
      (SELECT count(*) FROM notification.card_reminders), (SELECT count(*) FROM notification.card_reminders WHERE maybe_sent),
      (SELECT count(*) FROM card_emails), (SELECT count(*) FROM card_emails WHERE n > 1), (SELECT count(*) FROM card_unreceived),
      (SELECT count(*) FROM card_unrecorded), (SELECT count(*) FROM card_emails e JOIN drill.suppressed s ON lower(e.recipient) = s.email),
      (SELECT count(*) FROM drill.suppressed))
)
SELECT name, CASE WHEN pass THEN 'PASS' ELSE 'FAIL' END, observed FROM checks ORDER BY ord;
