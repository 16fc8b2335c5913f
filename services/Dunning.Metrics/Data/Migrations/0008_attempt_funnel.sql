-- The attempt funnel and the failed-in-range outcome: a new rollup dimension, 'funnel', dated on the case's failure day,
-- measure = the case's outcome now (open, recovered, lost), key = the pay calls it reached (for a recovered case, the one
-- that closed it). The retry count becomes part of what the aggregates follow, so the ledger changes carry it.

-- Fold what is pending with the old rule first, so no change is folded twice or with the wrong rule; the lock keeps
-- writers out until this script commits.
LOCK TABLE metrics.ledger, metrics.ledger_changes IN EXCLUSIVE MODE;
SELECT metrics.fold_ledger_changes();

ALTER TABLE metrics.ledger_changes ADD COLUMN retry_attempts int NOT NULL DEFAULT 0;

DROP FUNCTION metrics.rollup_contributions(text, bigint, timestamptz, timestamptz, text, text, text, int, text, text) CASCADE;

-- The pay calls a case reached: its retry count, or for a recovered case the pay call that recovered it.
CREATE FUNCTION metrics.funnel_stage(case_outcome text, case_attempt int, case_retry_attempts int) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN case_outcome = 'recovered' THEN coalesce(case_attempt, case_retry_attempts) ELSE case_retry_attempts END
$$;

CREATE FUNCTION metrics.rollup_contributions(case_currency text, case_amount bigint, case_failed_at timestamptz,
    case_closed_at timestamptz, case_outcome text, case_method text, case_reason text, case_attempt int,
    case_decline_code text, case_brand text, case_retry_attempts int)
RETURNS TABLE (currency text, dimension text, day date, measure text, key text, amount_minor bigint)
LANGUAGE sql IMMUTABLE AS $$
    SELECT case_currency, d.dimension, (case_failed_at AT TIME ZONE 'UTC')::date, 'failed', d.key, case_amount
    FROM (VALUES ('total', ''),
                 ('decline_code', coalesce(case_decline_code, 'unknown')),
                 ('card_brand', coalesce(case_brand, 'unknown')),
                 ('cohort', to_char(case_failed_at AT TIME ZONE 'UTC', 'YYYY-MM'))) AS d(dimension, key)
    UNION ALL
    SELECT case_currency, d.dimension, (case_closed_at AT TIME ZONE 'UTC')::date, case_outcome, d.key, case_amount
    FROM (VALUES ('total', ''),
                 ('method', case_method),
                 ('reason', case_reason),
                 ('attempt', case_attempt::text),
                 ('decline_code', coalesce(case_decline_code, 'unknown')),
                 ('card_brand', coalesce(case_brand, 'unknown')),
                 ('cohort', to_char(case_failed_at AT TIME ZONE 'UTC', 'YYYY-MM'))) AS d(dimension, key)
    WHERE case_outcome IN ('recovered', 'lost') AND case_closed_at IS NOT NULL AND d.key IS NOT NULL
    UNION ALL
    SELECT case_currency, 'funnel', (case_failed_at AT TIME ZONE 'UTC')::date, case_outcome,
           metrics.funnel_stage(case_outcome, case_attempt, case_retry_attempts)::text, case_amount
$$;

CREATE OR REPLACE FUNCTION metrics.record_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO metrics.ledger_changes (sign, currency, amount_minor, failed_at, closed_at, outcome, recovery_method,
            loss_reason, recovered_attempt, first_decline_code, card_brand, livemode, retry_attempts)
        VALUES (-1, OLD.currency, OLD.amount_minor, OLD.failed_at, OLD.closed_at, OLD.outcome, OLD.recovery_method,
            OLD.loss_reason, OLD.recovered_attempt, OLD.first_decline_code, OLD.card_brand, OLD.livemode, OLD.retry_attempts);
    END IF;
    INSERT INTO metrics.ledger_changes (sign, currency, amount_minor, failed_at, closed_at, outcome, recovery_method,
        loss_reason, recovered_attempt, first_decline_code, card_brand, livemode, retry_attempts)
    VALUES (1, NEW.currency, NEW.amount_minor, NEW.failed_at, NEW.closed_at, NEW.outcome, NEW.recovery_method,
        NEW.loss_reason, NEW.recovered_attempt, NEW.first_decline_code, NEW.card_brand, NEW.livemode, NEW.retry_attempts);
    RETURN NULL;
END
$$;

-- A retry count change now moves the case in the funnel (the reminder counter still never reaches the function).
DROP TRIGGER ledger_updated ON metrics.ledger;
CREATE TRIGGER ledger_updated AFTER UPDATE ON metrics.ledger
    FOR EACH ROW
    WHEN ((OLD.currency, OLD.amount_minor, OLD.failed_at, OLD.closed_at, OLD.outcome, OLD.recovery_method, OLD.loss_reason,
           OLD.recovered_attempt, OLD.first_decline_code, OLD.card_brand, OLD.livemode, OLD.retry_attempts)
          IS DISTINCT FROM
          (NEW.currency, NEW.amount_minor, NEW.failed_at, NEW.closed_at, NEW.outcome, NEW.recovery_method, NEW.loss_reason,
           NEW.recovered_attempt, NEW.first_decline_code, NEW.card_brand, NEW.livemode, NEW.retry_attempts))
    EXECUTE FUNCTION metrics.record_ledger_change();

CREATE VIEW metrics.daily_rollup_live AS
    SELECT currency, dimension, day, measure, key, livemode, case_count, amount_minor FROM metrics.daily_rollup
    UNION ALL
    SELECT c.currency, c.dimension, c.day, c.measure, c.key, p.livemode, p.sign::bigint, p.sign * c.amount_minor
    FROM metrics.ledger_changes p,
         LATERAL metrics.rollup_contributions(p.currency, p.amount_minor, p.failed_at, p.closed_at, p.outcome, p.recovery_method,
                                              p.loss_reason, p.recovered_attempt, p.first_decline_code, p.card_brand, p.retry_attempts) c;

CREATE OR REPLACE FUNCTION metrics.fold_ledger_changes() RETURNS bigint LANGUAGE sql AS $$
    WITH moved AS (
        DELETE FROM metrics.ledger_changes RETURNING *
    ), rollup AS (
        INSERT INTO metrics.daily_rollup AS r (currency, dimension, day, measure, key, livemode, case_count, amount_minor)
        SELECT c.currency, c.dimension, c.day, c.measure, c.key, m.livemode, sum(m.sign)::bigint, sum(m.sign * c.amount_minor)::bigint
        FROM moved m,
             LATERAL metrics.rollup_contributions(m.currency, m.amount_minor, m.failed_at, m.closed_at, m.outcome, m.recovery_method,
                                                  m.loss_reason, m.recovered_attempt, m.first_decline_code, m.card_brand, m.retry_attempts) c
        GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(m.sign) <> 0 OR sum(m.sign * c.amount_minor) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (currency, dimension, day, measure, key, livemode) DO UPDATE
            SET case_count = r.case_count + excluded.case_count, amount_minor = r.amount_minor + excluded.amount_minor
    ), hours AS (
        SELECT currency, (closed_at AT TIME ZONE 'UTC')::date AS day, metrics.recovery_whole_hours(failed_at, closed_at) AS hours,
               livemode, sum(sign)::bigint AS case_count
        FROM moved WHERE outcome = 'recovered' AND closed_at IS NOT NULL
        GROUP BY 1, 2, 3, 4
    ), daily AS (
        INSERT INTO metrics.recovery_hours_daily AS r (currency, day, hours, livemode, case_count)
        SELECT currency, day, hours, livemode, case_count FROM hours WHERE case_count <> 0 ORDER BY 1, 2, 3, 4
        ON CONFLICT (currency, day, hours, livemode) DO UPDATE SET case_count = r.case_count + excluded.case_count
    ), monthly AS (
        INSERT INTO metrics.recovery_hours_monthly AS r (currency, month, hours, livemode, case_count)
        SELECT currency, date_trunc('month', day)::date, hours, livemode, sum(case_count)::bigint FROM hours
        GROUP BY 1, 2, 3, 4 HAVING sum(case_count) <> 0 ORDER BY 1, 2, 3, 4
        ON CONFLICT (currency, month, hours, livemode) DO UPDATE SET case_count = r.case_count + excluded.case_count
    )
    SELECT count(*) FROM moved
$$;

CREATE OR REPLACE FUNCTION metrics.rebuild_rollup() RETURNS void LANGUAGE sql AS $$
    TRUNCATE metrics.ledger_changes, metrics.subscription_changes, metrics.daily_rollup, metrics.recovery_hours_daily,
             metrics.recovery_hours_monthly, metrics.subscription_days;
    INSERT INTO metrics.daily_rollup (currency, dimension, day, measure, key, livemode, case_count, amount_minor)
    SELECT c.currency, c.dimension, c.day, c.measure, c.key, l.livemode, count(*), sum(c.amount_minor)
    FROM metrics.ledger l,
         LATERAL metrics.rollup_contributions(l.currency, l.amount_minor, l.failed_at, l.closed_at, l.outcome, l.recovery_method,
                                              l.loss_reason, l.recovered_attempt, l.first_decline_code, l.card_brand, l.retry_attempts) c
    GROUP BY 1, 2, 3, 4, 5, 6;
    INSERT INTO metrics.recovery_hours_daily (currency, day, hours, livemode, case_count)
    SELECT currency, (closed_at AT TIME ZONE 'UTC')::date, metrics.recovery_whole_hours(failed_at, closed_at), livemode, count(*)
    FROM metrics.ledger WHERE outcome = 'recovered' AND closed_at IS NOT NULL
    GROUP BY 1, 2, 3, 4;
    INSERT INTO metrics.recovery_hours_monthly (currency, month, hours, livemode, case_count)
    SELECT currency, date_trunc('month', day)::date, hours, livemode, sum(case_count)
    FROM metrics.recovery_hours_daily GROUP BY 1, 2, 3, 4;
    INSERT INTO metrics.subscription_days (day, livemode, started, canceled, involuntary)
    SELECT c.day, s.livemode, sum(c.started), sum(c.canceled), sum(c.involuntary)
    FROM metrics.subscriptions s, LATERAL metrics.subscription_day_contributions(s.started_at, s.canceled_at, s.cancel_reason) c
    GROUP BY c.day, s.livemode;
$$;

-- The cases already in the ledger enter the funnel (everything else they contribute is folded above).
INSERT INTO metrics.daily_rollup (currency, dimension, day, measure, key, livemode, case_count, amount_minor)
SELECT currency, 'funnel', (failed_at AT TIME ZONE 'UTC')::date, outcome, metrics.funnel_stage(outcome, recovered_attempt, retry_attempts)::text,
       livemode, count(*), sum(amount_minor)
FROM metrics.ledger
GROUP BY 1, 2, 3, 4, 5, 6;
