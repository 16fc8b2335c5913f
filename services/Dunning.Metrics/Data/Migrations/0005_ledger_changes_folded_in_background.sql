-- Consumers no longer update the aggregates: every message of a currency and day updated the same rollup rows, so
-- concurrent consumers queued on those row locks until commit. Now a ledger change appends one row to
-- metrics.ledger_changes (no index, no lock on shared rows); LedgerChangeFolder folds the changes into the aggregates
-- in the background, and the reports read the aggregates plus the changes not folded yet (the *_live views), so every
-- figure stays exact at any moment.

-- What a ledger row adds to the rollup (the one place this rule lives; 0002's ledger_contributions now calls it).
CREATE FUNCTION metrics.rollup_contributions(case_currency text, case_amount bigint, case_failed_at timestamptz,
    case_closed_at timestamptz, case_outcome text, case_method text, case_reason text, case_attempt int,
    case_decline_code text, case_brand text)
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
$$;

CREATE OR REPLACE FUNCTION metrics.ledger_contributions(l metrics.ledger)
RETURNS TABLE (currency text, dimension text, day date, measure text, key text, amount_minor bigint)
LANGUAGE sql IMMUTABLE AS $$
    SELECT * FROM metrics.rollup_contributions(l.currency, l.amount_minor, l.failed_at, l.closed_at, l.outcome,
        l.recovery_method, l.loss_reason, l.recovered_attempt, l.first_decline_code, l.card_brand)
$$;

-- Whole hours from failure to recovery, the time-to-recover histograms' bucket.
CREATE FUNCTION metrics.recovery_whole_hours(failed_at timestamptz, closed_at timestamptz) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
    SELECT GREATEST(floor(extract(epoch FROM closed_at - failed_at) / 3600), 0)::int
$$;

-- A ledger row's aggregate-relevant columns, added (+1) or taken back (-1), until folded.
CREATE TABLE metrics.ledger_changes (
    sign                int         NOT NULL,
    currency            text        NOT NULL,
    amount_minor        bigint      NOT NULL,
    failed_at           timestamptz NOT NULL,
    closed_at           timestamptz NULL,
    outcome             text        NOT NULL,
    recovery_method     text        NULL,
    loss_reason         text        NULL,
    recovered_attempt   int         NULL,
    first_decline_code  text        NULL,
    card_brand          text        NULL
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_vacuum_cost_delay = 0);

CREATE FUNCTION metrics.record_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO metrics.ledger_changes VALUES (-1, OLD.currency, OLD.amount_minor, OLD.failed_at, OLD.closed_at, OLD.outcome,
            OLD.recovery_method, OLD.loss_reason, OLD.recovered_attempt, OLD.first_decline_code, OLD.card_brand);
    END IF;
    INSERT INTO metrics.ledger_changes VALUES (1, NEW.currency, NEW.amount_minor, NEW.failed_at, NEW.closed_at, NEW.outcome,
        NEW.recovery_method, NEW.loss_reason, NEW.recovered_attempt, NEW.first_decline_code, NEW.card_brand);
    RETURN NULL;
END
$$;

DROP TRIGGER ledger_rollup ON metrics.ledger;
CREATE TRIGGER ledger_inserted AFTER INSERT ON metrics.ledger
    FOR EACH ROW EXECUTE FUNCTION metrics.record_ledger_change();
-- Counter updates (retry attempts, reminders) and no-op upserts never reach the function.
CREATE TRIGGER ledger_updated AFTER UPDATE ON metrics.ledger
    FOR EACH ROW
    WHEN ((OLD.currency, OLD.amount_minor, OLD.failed_at, OLD.closed_at, OLD.outcome, OLD.recovery_method, OLD.loss_reason,
           OLD.recovered_attempt, OLD.first_decline_code, OLD.card_brand)
          IS DISTINCT FROM
          (NEW.currency, NEW.amount_minor, NEW.failed_at, NEW.closed_at, NEW.outcome, NEW.recovery_method, NEW.loss_reason,
           NEW.recovered_attempt, NEW.first_decline_code, NEW.card_brand))
    EXECUTE FUNCTION metrics.record_ledger_change();

-- The aggregates as of now: folded rows plus the changes not folded yet. Sum them (a figure may be spread over rows).
CREATE VIEW metrics.daily_rollup_live AS
    SELECT currency, dimension, day, measure, key, case_count, amount_minor FROM metrics.daily_rollup
    UNION ALL
    SELECT c.currency, c.dimension, c.day, c.measure, c.key, p.sign::bigint, p.sign * c.amount_minor
    FROM metrics.ledger_changes p,
         LATERAL metrics.rollup_contributions(p.currency, p.amount_minor, p.failed_at, p.closed_at, p.outcome, p.recovery_method,
                                              p.loss_reason, p.recovered_attempt, p.first_decline_code, p.card_brand) c;

CREATE VIEW metrics.recovery_hours_daily_live AS
    SELECT currency, day, hours, case_count FROM metrics.recovery_hours_daily
    UNION ALL
    SELECT currency, (closed_at AT TIME ZONE 'UTC')::date, metrics.recovery_whole_hours(failed_at, closed_at), sign::bigint
    FROM metrics.ledger_changes WHERE outcome = 'recovered' AND closed_at IS NOT NULL;

CREATE VIEW metrics.recovery_hours_monthly_live AS
    SELECT currency, month, hours, case_count FROM metrics.recovery_hours_monthly
    UNION ALL
    SELECT currency, date_trunc('month', (closed_at AT TIME ZONE 'UTC')::date)::date, metrics.recovery_whole_hours(failed_at, closed_at), sign::bigint
    FROM metrics.ledger_changes WHERE outcome = 'recovered' AND closed_at IS NOT NULL;

-- Moves the changes visible now into the aggregates, in one statement (a report sees them either here or there).
-- Returns how many changes it folded.
CREATE FUNCTION metrics.fold_ledger_changes() RETURNS bigint LANGUAGE sql AS $$
    WITH moved AS (
        DELETE FROM metrics.ledger_changes RETURNING *
    ), rollup AS (
        INSERT INTO metrics.daily_rollup AS r (currency, dimension, day, measure, key, case_count, amount_minor)
        SELECT c.currency, c.dimension, c.day, c.measure, c.key, sum(m.sign)::bigint, sum(m.sign * c.amount_minor)::bigint
        FROM moved m,
             LATERAL metrics.rollup_contributions(m.currency, m.amount_minor, m.failed_at, m.closed_at, m.outcome, m.recovery_method,
                                                  m.loss_reason, m.recovered_attempt, m.first_decline_code, m.card_brand) c
        GROUP BY 1, 2, 3, 4, 5
        HAVING sum(m.sign) <> 0 OR sum(m.sign * c.amount_minor) <> 0
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (currency, dimension, day, measure, key) DO UPDATE
            SET case_count = r.case_count + excluded.case_count, amount_minor = r.amount_minor + excluded.amount_minor
    ), hours AS (
        SELECT currency, (closed_at AT TIME ZONE 'UTC')::date AS day, metrics.recovery_whole_hours(failed_at, closed_at) AS hours,
               sum(sign)::bigint AS case_count
        FROM moved WHERE outcome = 'recovered' AND closed_at IS NOT NULL
        GROUP BY 1, 2, 3
    ), daily AS (
        INSERT INTO metrics.recovery_hours_daily AS r (currency, day, hours, case_count)
        SELECT currency, day, hours, case_count FROM hours WHERE case_count <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (currency, day, hours) DO UPDATE SET case_count = r.case_count + excluded.case_count
    ), monthly AS (
        INSERT INTO metrics.recovery_hours_monthly AS r (currency, month, hours, case_count)
        SELECT currency, date_trunc('month', day)::date, hours, sum(case_count)::bigint FROM hours
        GROUP BY 1, 2, 3 HAVING sum(case_count) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (currency, month, hours) DO UPDATE SET case_count = r.case_count + excluded.case_count
    )
    SELECT count(*) FROM moved
$$;

-- No report reads the ledger itself any more (they read the aggregates), so these only cost every insert.
DROP INDEX metrics.ledger_failed_at;
DROP INDEX metrics.ledger_recovered;
DROP INDEX metrics.ledger_open;
-- A cancellation asks whether the subscription's payment was lost for payment reasons (InvoluntaryChurn): without
-- this it read the whole ledger.
CREATE INDEX ledger_payment_loss ON metrics.ledger (subscription_id)
    WHERE outcome = 'lost' AND loss_reason IN ('RetriesExhausted', 'HardDecline');

-- The rebuild (after a bulk load with the triggers disabled) reads the ledger itself, so pending changes go too.
CREATE OR REPLACE FUNCTION metrics.rebuild_rollup() RETURNS void LANGUAGE sql AS $$
    TRUNCATE metrics.ledger_changes, metrics.daily_rollup, metrics.recovery_hours_daily, metrics.recovery_hours_monthly,
             metrics.subscription_days;
    INSERT INTO metrics.daily_rollup (currency, dimension, day, measure, key, case_count, amount_minor)
    SELECT c.currency, c.dimension, c.day, c.measure, c.key, count(*), sum(c.amount_minor)
    FROM (SELECT l FROM metrics.ledger l OFFSET 0) AS x, LATERAL metrics.ledger_contributions(x.l) AS c
    GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO metrics.recovery_hours_daily (currency, day, hours, case_count)
    SELECT currency, (closed_at AT TIME ZONE 'UTC')::date, metrics.recovery_whole_hours(failed_at, closed_at), count(*)
    FROM metrics.ledger WHERE outcome = 'recovered' AND closed_at IS NOT NULL
    GROUP BY 1, 2, 3;
    INSERT INTO metrics.recovery_hours_monthly (currency, month, hours, case_count)
    SELECT currency, date_trunc('month', day)::date, hours, sum(case_count)
    FROM metrics.recovery_hours_daily GROUP BY 1, 2, 3;
    INSERT INTO metrics.subscription_days (day, started, canceled, involuntary)
    SELECT day, sum(started), sum(canceled), sum(involuntary)
    FROM (
        SELECT (started_at AT TIME ZONE 'UTC')::date AS day, 1 AS started, 0 AS canceled, 0 AS involuntary
        FROM metrics.subscriptions WHERE started_at IS NOT NULL
        UNION ALL
        SELECT (canceled_at AT TIME ZONE 'UTC')::date, 0,
               CASE WHEN started_at IS NOT NULL AND started_at <= canceled_at THEN 1 ELSE 0 END,
               CASE WHEN cancel_reason = 'payment_failed' THEN 1 ELSE 0 END
        FROM metrics.subscriptions WHERE canceled_at IS NOT NULL
    ) AS c
    GROUP BY day;
$$;
