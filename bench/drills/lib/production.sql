-- The production drill's checks (lib/production.sh), in clock time, each one row: name | PASS/FAIL | what was observed.
-- Clock time: the scheduler's case_events.at, cases.closed_at and the notification's sent_emails.case_sent_at are the
-- case's test-clock time; the sandbox's events are dated in it too (drill.payment_events.created). A failure's time is the
-- sandbox's: its first invoice.payment_failed. The retries the scheduler planned are its RetryScheduled messages (outbox),
-- each naming the timeline note it was planned in ('{case}:scheduled:{note id}').
WITH first_failure AS (SELECT invoice, min(created) AS at FROM drill.payment_events WHERE type = 'invoice.payment_failed' GROUP BY invoice),
cases AS (SELECT c.*, ff.at AS first_failed_at, coalesce(c.time_zone, :'default_zone') AS zone, k.frozen_time AS clock_at,
                 lower(i.customer_email) AS email, i.status AS sandbox_status,
                 EXISTS (SELECT 1 FROM drill.suppressed x WHERE x.email = lower(i.customer_email)) AS suppressed
          FROM scheduler.cases c JOIN drill.invoices i ON i.id = c.invoice_id
          LEFT JOIN first_failure ff ON ff.invoice = c.invoice_id LEFT JOIN drill.clocks k ON k.clock_id = c.clock_id),
retry_scheduled AS (SELECT body, split_part(body ->> 'sourceEventId', ':', 3)::bigint AS note_id
                    FROM scheduler.outbox WHERE body ->> 'sourceEventId' LIKE '%:scheduled:%'),
planned AS (SELECT c.id AS case_id, c.invoice_id, c.first_failed_at, c.zone, o.note_id, (o.body ->> 'attemptNumber')::int AS attempt,
                   (o.body ->> 'scheduledFor')::timestamptz AS due, (o.body ->> 'isFinalAttempt')::boolean AS final, o.body ->> 'rule' AS rule,
                   (SELECT max(e.at) FROM scheduler.case_events e WHERE e.case_id = c.id AND e.kind = 'attempt' AND e.id < o.note_id) AS previous_at
            FROM retry_scheduled o JOIN cases c ON c.id = (o.body ->> 'caseId')::uuid),
-- The least time after the previous attempt: MinSpacing, unless a Mastercard advice code asked for a wait (the policy's
-- RetryAfter rules; only code 24, one hour, is shorter than MinSpacing).
spacing AS (SELECT p.*, due - previous_at AS gap,
                   CASE WHEN rule = 'mac_24_retry_after_1h' THEN interval '1 hour' ELSE :'min_spacing'::interval END AS least
            FROM planned p),
spacing_faults AS (SELECT * FROM spacing WHERE previous_at IS NULL OR gap < least),
window_faults AS (SELECT * FROM planned WHERE first_failed_at IS NULL OR due <= first_failed_at OR due > first_failed_at + :'window'::interval),
quiet AS (SELECT p.*, (due AT TIME ZONE zone)::time AS local_time FROM planned p),
quiet_faults AS (SELECT * FROM quiet
                 WHERE CASE WHEN :'quiet_start'::time <= :'quiet_end'::time THEN local_time >= :'quiet_start'::time AND local_time < :'quiet_end'::time
                            ELSE local_time >= :'quiet_start'::time OR local_time < :'quiet_end'::time END),
-- Every scheduled retry that ran (the n-th of its case), the plan it ran on (the last one made for it before it ran), and the
-- clock time at which the sandbox took its pay call (the events that call caused carry its idempotency key).
ran AS (SELECT e.case_id, e.id, e.at, row_number() OVER (PARTITION BY e.case_id ORDER BY e.id) AS attempt,
               'dunning:' || e.case_id || ':' || substring(e.detail FROM '^pay call ([0-9]+):') AS pay_key
        FROM scheduler.case_events e WHERE e.kind = 'attempt' AND e.attempt_source = 'Scheduled'),
ran_due AS (SELECT r.*, c.invoice_id, p.due, p.final,
                   (SELECT min(x.created) FROM drill.payment_events x
                    WHERE x.idempotency_key = r.pay_key OR x.idempotency_key LIKE r.pay_key || ':r%') AS sandbox_at
            FROM ran r JOIN cases c ON c.id = r.case_id
            LEFT JOIN LATERAL (SELECT p.due, p.final FROM planned p WHERE p.case_id = r.case_id AND p.attempt = r.attempt AND p.note_id < r.id
                               ORDER BY p.note_id DESC LIMIT 1) p ON true),
late AS (SELECT * FROM ran_due WHERE due IS NULL OR sandbox_at IS NULL OR at < due OR sandbox_at < due),
-- Reminders: expected for a case still open after its moment (closed later, or never), once its clock reached the moment, to
-- a customer who did not unsubscribe; not to be sent to one closed before it or to a suppressed address. A case closed at the
-- very step that reached the moment (a retry due at the same step) may have it or not.
reminders AS (SELECT s.step, c.invoice_id, c.first_failed_at, c.first_failed_at + s.after AS due, c.closed_at, c.clock_at, c.suppressed,
                     m.case_sent_at
              FROM (VALUES ('reminder_day3', :'first_reminder'::interval), ('reminder_day7', :'second_reminder'::interval)) s(step, after)
              CROSS JOIN cases c LEFT JOIN notification.sent_emails m ON m.invoice_id = c.invoice_id AND m.step = s.step),
reminder_faults AS (SELECT * FROM (
                      SELECT *, (NOT suppressed AND (closed_at IS NULL OR closed_at > due) AND clock_at >= due) AS expected,
                             CASE WHEN case_sent_at IS NULL THEN
                                       CASE WHEN NOT suppressed AND (closed_at IS NULL OR closed_at > due) AND clock_at >= due THEN 'not sent' END
                                  WHEN suppressed OR closed_at < due THEN 'sent though the case had closed or the address was suppressed'
                                  WHEN case_sent_at < due OR case_sent_at > clock_at THEN 'sent before its time'
                                  WHEN case_sent_at > due + :'clock_step'::interval THEN 'sent more than one clock step late' END AS fault
                      FROM reminders) r),
-- The ends of the cases whose window the clock passed: lost no later than a clock step after the window, and the final action
-- run once for a loss that earns it. (Renewals of a second month that fail during the dunning walk are still in their window.)
final_actions AS (SELECT case_id, count(*) AS n, min(rule) AS rule, min(detail) AS outcome
                  FROM scheduler.case_events WHERE kind = 'final_action' GROUP BY case_id),
ends AS (SELECT c.*, c.first_failed_at + :'window'::interval AS window_end, f.n AS final_actions, f.rule AS final_rule, f.outcome AS final_outcome,
                c.status = 'lost' AND c.outcome IN ('RetriesExhausted', 'HardDecline') AS earns_final_action
         FROM cases c LEFT JOIN final_actions f ON f.case_id = c.id),
end_faults AS (SELECT * FROM (
                 SELECT *, CASE WHEN clock_at IS NULL THEN 'no test clock'
                                WHEN clock_at < window_end THEN NULL
                                WHEN status = 'open' THEN 'still open after its window'
                                WHEN status = 'lost' AND closed_at > window_end + :'clock_step'::interval THEN 'lost more than one clock step after its window'
                                WHEN earns_final_action AND final_actions IS NULL THEN 'final action did not run'
                                WHEN earns_final_action AND (final_actions > 1 OR final_rule <> :'final_action' OR final_outcome <> :'final_status')
                                     THEN 'final action ran more than once or did something else'
                                WHEN earns_final_action AND sandbox_status <> :'final_status' THEN 'invoice not ' || :'final_status' || ' in the sandbox'
                                WHEN NOT earns_final_action AND final_actions IS NOT NULL THEN 'final action ran for a case that does not earn it' END AS fault
                 FROM ends) e WHERE fault IS NOT NULL),
-- The final notice: a case whose planned final attempt ran, of a customer who did not unsubscribe, was told ahead of it.
finals AS (SELECT r.*, m.case_sent_at, NOT c.suppressed AS expected
           FROM ran_due r JOIN cases c ON c.id = r.case_id
           LEFT JOIN notification.sent_emails m ON m.invoice_id = c.invoice_id AND m.step = 'final_notice'
           WHERE r.final),
final_faults AS (SELECT * FROM finals
                 WHERE expected AND (case_sent_at IS NULL OR case_sent_at > at OR case_sent_at < due - :'final_notice_before'::interval)),
-- A case lost because its retries ran out, and its last retry: was it planned as the final one?
-- Left by the schedule (RetrySchedule.LastInWindow): a retry planned before the window's last stretch (the window's end less
-- the minimum spacing) that ran late into it, at a clock step, could not be announced as final beforehand.
exhausted AS (SELECT c.id, c.invoice_id, r.final AS last_was_final, r.due, r.at,
                     r.due <= c.first_failed_at + :'window'::interval - :'min_spacing'::interval
                       AND r.at > c.first_failed_at + :'window'::interval - :'min_spacing'::interval AS late_into_last_stretch
              FROM cases c JOIN LATERAL (SELECT * FROM ran_due r WHERE r.case_id = c.id ORDER BY r.attempt DESC LIMIT 1) r ON true
              WHERE c.status = 'lost' AND c.outcome = 'RetriesExhausted'),
counts AS (SELECT count(*) FILTER (WHERE sandbox_status = 'paid') AS paid,
                  count(*) FILTER (WHERE sandbox_status IN ('uncollectible', 'void')) AS written_off,
                  count(*) FILTER (WHERE sandbox_status = 'open') AS sandbox_open, count(*) FILTER (WHERE status = 'recovered') AS recovered,
                  count(*) FILTER (WHERE status = 'lost') AS lost, count(*) FILTER (WHERE status = 'open') AS open
           FROM cases),
ledger AS (SELECT count(*) FILTER (WHERE outcome = 'recovered') AS recovered, count(*) FILTER (WHERE outcome = 'lost') AS lost,
                  count(*) FILTER (WHERE outcome = 'open') AS open FROM metrics.ledger),
checks(ord, name, pass, observed) AS (
  SELECT 20, format('production policy: every planned retry at least MinSpacing (%s) after the previous attempt, in clock time', :'min_spacing'),
    EXISTS (SELECT 1 FROM planned) AND NOT EXISTS (SELECT 1 FROM spacing_faults),
    format('%s retries planned for %s cases; shortest gap after the previous attempt %s; %s closer than allowed%s',
      (SELECT count(*) FROM planned), (SELECT count(DISTINCT case_id) FROM planned), (SELECT min(gap) FROM spacing),
      (SELECT count(*) FROM spacing_faults),
      coalesce(' (' || (SELECT string_agg(format('%s attempt %s due %s, previous %s', invoice_id, attempt, due, previous_at), '; ')
                        FROM (SELECT * FROM spacing_faults LIMIT 3) x) || ')', ''))
  UNION ALL
  SELECT 21, format('production policy: every planned retry within the window (%s) of the first failure, in clock time', :'window'),
    NOT EXISTS (SELECT 1 FROM window_faults),
    format('planned retries from %s to %s after their first failure; %s outside the window%s',
      (SELECT min(due - first_failed_at) FROM planned), (SELECT max(due - first_failed_at) FROM planned), (SELECT count(*) FROM window_faults),
      coalesce(' (' || (SELECT string_agg(format('%s attempt %s due %s, failed %s', invoice_id, attempt, due, first_failed_at), '; ')
                        FROM (SELECT * FROM window_faults LIMIT 3) x) || ')', ''))
  UNION ALL
  SELECT 22, format('production policy: no planned retry in quiet hours (%s-%s in the customer''s zone, default %s)',
                    :'quiet_start', :'quiet_end', :'default_zone'),
    NOT EXISTS (SELECT 1 FROM quiet_faults),
    format('local times of the planned retries from %s to %s (zones: %s); %s in quiet hours%s',
      (SELECT min(local_time) FROM quiet), (SELECT max(local_time) FROM quiet), (SELECT string_agg(DISTINCT zone, ', ') FROM quiet),
      (SELECT count(*) FROM quiet_faults),
      coalesce(' (' || (SELECT string_agg(format('%s attempt %s due %s', invoice_id, attempt, due), '; ')
                        FROM (SELECT * FROM quiet_faults LIMIT 3) x) || ')', ''))
  UNION ALL
  SELECT 23, format('production policy: at most %s scheduled retries per case', :'max_attempts'),
    coalesce((SELECT max(attempt) FROM planned), 0) <= :'max_attempts'::int AND coalesce((SELECT max(attempt) FROM ran), 0) <= :'max_attempts'::int,
    format('most retries planned for one case: %s, made: %s; cases by retries made: %s',
      (SELECT coalesce(max(attempt), 0) FROM planned), (SELECT coalesce(max(attempt), 0) FROM ran),
      (SELECT string_agg(format('%s: %s', n, k), ', ' ORDER BY n)
       FROM (SELECT n, count(*) AS k FROM (SELECT (SELECT count(*) FROM ran r WHERE r.case_id = c.id) AS n FROM cases c) x GROUP BY n) y))
  UNION ALL
  SELECT 24, 'production policy: no retry ran before its clock reached its due time (the scheduler''s clock and the sandbox''s)',
    EXISTS (SELECT 1 FROM ran_due) AND NOT EXISTS (SELECT 1 FROM late),
    format('%s scheduled retries ran, from %s to %s after their due time by the scheduler''s clock, from %s to %s by the sandbox''s '
           '(the clock steps %s at a time); %s before their time or unmatched%s',
      (SELECT count(*) FROM ran_due), (SELECT min(at - due) FROM ran_due), (SELECT max(at - due) FROM ran_due),
      (SELECT min(sandbox_at - due) FROM ran_due), (SELECT max(sandbox_at - due) FROM ran_due), :'clock_step', (SELECT count(*) FROM late),
      coalesce(' (' || (SELECT string_agg(format('%s attempt %s due %s, ran %s, sandbox %s', invoice_id, attempt, coalesce(due::text, '(never planned)'),
                                                 at, coalesce(sandbox_at::text, '(no event)')), '; ')
                        FROM (SELECT * FROM late LIMIT 3) x) || ')', ''))
  UNION ALL
  SELECT 25 + s.n,
    format('production policy: %s sent %s after the first failure (within one clock step), in clock time, to every case still open then', s.step, s.after),
    EXISTS (SELECT 1 FROM reminder_faults f WHERE f.step = s.step AND f.case_sent_at IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM reminder_faults f WHERE f.step = s.step AND f.fault IS NOT NULL),
    format('%s sent, from %s to %s after the failure; %s expected (case open then, address not suppressed); faults: %s',
      (SELECT count(case_sent_at) FROM reminders f WHERE f.step = s.step),
      (SELECT min(case_sent_at - first_failed_at) FROM reminders f WHERE f.step = s.step),
      (SELECT max(case_sent_at - first_failed_at) FROM reminders f WHERE f.step = s.step),
      (SELECT count(*) FILTER (WHERE expected) FROM reminder_faults f WHERE f.step = s.step),
      coalesce((SELECT string_agg(format('%s %s (due %s, sent %s, closed %s)', invoice_id, fault, due, coalesce(case_sent_at::text, '-'),
                                         coalesce(closed_at::text, '-')), '; ')
                FROM (SELECT * FROM reminder_faults f WHERE f.step = s.step AND f.fault IS NOT NULL LIMIT 3) x), 'none'))
  FROM (VALUES (0, 'reminder_day3', :'first_reminder'), (1, 'reminder_day7', :'second_reminder')) s(n, step, after)
  UNION ALL
  SELECT 27, format('production policy: every case whose window passed is closed, lost ones by one clock step after the window, '
                    'with the final action (%s) run once', :'final_action'),
    EXISTS (SELECT 1 FROM ends WHERE clock_at >= window_end) AND NOT EXISTS (SELECT 1 FROM end_faults),
    format('%s cases whose window the clock passed (%s more failed during the dunning walk, still in their window); of all: recovered %s, '
           'lost %s (%s); final action run for %s of the %s losses that earn it (retries exhausted, hard decline); faults: %s',
      (SELECT count(*) FROM ends WHERE clock_at >= window_end), (SELECT count(*) FROM ends WHERE clock_at IS NULL OR clock_at < window_end),
      (SELECT count(*) FROM ends WHERE status = 'recovered'), (SELECT count(*) FROM ends WHERE status = 'lost'),
      coalesce((SELECT string_agg(format('%s %s', n, outcome), ', ')
                FROM (SELECT outcome, count(*) AS n FROM ends WHERE status = 'lost' GROUP BY outcome) x), 'none'),
      (SELECT count(*) FROM ends WHERE earns_final_action AND final_actions = 1), (SELECT count(*) FROM ends WHERE earns_final_action),
      coalesce((SELECT string_agg(format('%s %s (failed %s, closed %s, clock %s)', invoice_id, fault, first_failed_at,
                                         coalesce(closed_at::text, '-'), clock_at), '; ')
                FROM (SELECT * FROM end_faults LIMIT 3) x), 'none'))
  UNION ALL
  SELECT 28, 'production policy: recovered and lost counts match the sandbox''s invoices (paid = recovered, uncollectible or void = lost, open = open)',
    (SELECT paid = recovered AND written_off = lost AND sandbox_open = open FROM counts)
      AND (SELECT l.recovered = c.recovered AND l.lost = c.lost AND l.open = c.open FROM ledger l, counts c),
    (SELECT format('sandbox: paid %s, uncollectible or void %s, open %s; scheduler: recovered %s, lost %s, open %s; ledger: recovered %s, lost %s, open %s',
       c.paid, c.written_off, c.sandbox_open, c.recovered, c.lost, c.open, l.recovered, l.lost, l.open) FROM counts c, ledger l)
  UNION ALL
  SELECT 29, format('production policy: every retry planned as the final one was announced: the final notice (%s ahead) went out before it ran, '
                    'in clock time', :'final_notice_before'),
    NOT EXISTS (SELECT 1 FROM final_faults),
    format('%s final attempts ran (%s for customers who unsubscribed); notices sent from %s to %s before them; %s missing or out of time%s',
      (SELECT count(*) FROM finals), (SELECT count(*) FROM finals WHERE NOT expected),
      (SELECT min(at - case_sent_at) FROM finals), (SELECT max(at - case_sent_at) FROM finals), (SELECT count(*) FROM final_faults),
      coalesce(' (' || (SELECT string_agg(format('%s final attempt due %s ran %s, notice %s', invoice_id, due, at, coalesce(case_sent_at::text, '-')), '; ')
                        FROM (SELECT * FROM final_faults LIMIT 3) x) || ')', ''))
  UNION ALL
  SELECT 30, 'production policy: a case lost by exhausted retries had its last retry planned as the final one (so the customer got the final notice), '
             'unless that retry ran late into the window''s last stretch',
    NOT EXISTS (SELECT 1 FROM exhausted WHERE last_was_final IS NOT TRUE AND NOT late_into_last_stretch),
    format('%s cases lost by exhausted retries after retrying; %s whose last retry ran late into the window''s last stretch unannounced; '
           '%s other whose last retry was not planned as final%s',
      (SELECT count(*) FROM exhausted), (SELECT count(*) FROM exhausted WHERE last_was_final IS NOT TRUE AND late_into_last_stretch),
      (SELECT count(*) FROM exhausted WHERE last_was_final IS NOT TRUE AND NOT late_into_last_stretch),
      coalesce(' (' || (SELECT string_agg(format('%s: last retry due %s ran %s', invoice_id, due, at), '; ')
                        FROM (SELECT * FROM exhausted WHERE last_was_final IS NOT TRUE AND NOT late_into_last_stretch LIMIT 3) x) || ')', ''))
)
SELECT name, CASE WHEN pass THEN 'PASS' ELSE 'FAIL' END, observed FROM checks ORDER BY ord;
