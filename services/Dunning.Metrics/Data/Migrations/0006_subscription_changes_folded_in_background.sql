-- The subscriptions get 0005's treatment: every start or cancellation of a day updated that day's row of
-- metrics.subscription_days, so concurrent group commits queued on it (and could deadlock over two days). Now a change
-- appends one row to metrics.subscription_changes; LedgerChangeFolder folds them, the churn report reads
-- metrics.subscription_days_live (folded days plus the changes not folded yet).

-- What a subscription adds to the per-day movements (the one place this rule lives from now on).
CREATE FUNCTION metrics.subscription_day_contributions(started_at timestamptz, canceled_at timestamptz, cancel_reason text)
RETURNS TABLE (day date, started bigint, canceled bigint, involuntary bigint)
LANGUAGE sql IMMUTABLE AS $$
    SELECT (started_at AT TIME ZONE 'UTC')::date, 1::bigint, 0::bigint, 0::bigint
    WHERE started_at IS NOT NULL
    UNION ALL
    SELECT (canceled_at AT TIME ZONE 'UTC')::date, 0::bigint,
           CASE WHEN started_at IS NOT NULL AND started_at <= canceled_at THEN 1 ELSE 0 END::bigint,
           CASE WHEN cancel_reason = 'payment_failed' THEN 1 ELSE 0 END::bigint
    WHERE canceled_at IS NOT NULL
$$;

CREATE TABLE metrics.subscription_changes (
    sign          int         NOT NULL,
    started_at    timestamptz NULL,
    canceled_at   timestamptz NULL,
    cancel_reason text        NULL
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_vacuum_cost_delay = 0);

CREATE FUNCTION metrics.record_subscription_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO metrics.subscription_changes VALUES (-1, OLD.started_at, OLD.canceled_at, OLD.cancel_reason);
    END IF;
    INSERT INTO metrics.subscription_changes VALUES (1, NEW.started_at, NEW.canceled_at, NEW.cancel_reason);
    RETURN NULL;
END
$$;

DROP TRIGGER subscription_rollup ON metrics.subscriptions;
CREATE TRIGGER subscription_inserted AFTER INSERT ON metrics.subscriptions
    FOR EACH ROW EXECUTE FUNCTION metrics.record_subscription_change();
CREATE TRIGGER subscription_updated AFTER UPDATE ON metrics.subscriptions
    FOR EACH ROW
    WHEN ((OLD.started_at, OLD.canceled_at, OLD.cancel_reason) IS DISTINCT FROM (NEW.started_at, NEW.canceled_at, NEW.cancel_reason))
    EXECUTE FUNCTION metrics.record_subscription_change();

-- One row per day, as subscription_days had.
CREATE VIEW metrics.subscription_days_live AS
    SELECT day, sum(started)::bigint AS started, sum(canceled)::bigint AS canceled, sum(involuntary)::bigint AS involuntary
    FROM (
        SELECT day, started, canceled, involuntary FROM metrics.subscription_days
        UNION ALL
        SELECT c.day, p.sign * c.started, p.sign * c.canceled, p.sign * c.involuntary
        FROM metrics.subscription_changes p, LATERAL metrics.subscription_day_contributions(p.started_at, p.canceled_at, p.cancel_reason) c
    ) AS d
    GROUP BY day;

-- Moves the subscription changes visible now into subscription_days, in one statement; returns how many it folded.
CREATE FUNCTION metrics.fold_subscription_changes() RETURNS bigint LANGUAGE sql AS $$
    WITH moved AS (
        DELETE FROM metrics.subscription_changes RETURNING *
    ), days AS (
        INSERT INTO metrics.subscription_days AS d (day, started, canceled, involuntary)
        SELECT c.day, sum(m.sign * c.started), sum(m.sign * c.canceled), sum(m.sign * c.involuntary)
        FROM moved m, LATERAL metrics.subscription_day_contributions(m.started_at, m.canceled_at, m.cancel_reason) c
        GROUP BY c.day
        HAVING sum(m.sign * c.started) <> 0 OR sum(m.sign * c.canceled) <> 0 OR sum(m.sign * c.involuntary) <> 0
        ORDER BY c.day
        ON CONFLICT (day) DO UPDATE SET started = d.started + excluded.started, canceled = d.canceled + excluded.canceled,
                                        involuntary = d.involuntary + excluded.involuntary
    )
    SELECT count(*) FROM moved
$$;

-- The rebuild reads the subscriptions themselves, so their pending changes go too.
CREATE OR REPLACE FUNCTION metrics.rebuild_rollup() RETURNS void LANGUAGE sql AS $$
    TRUNCATE metrics.ledger_changes, metrics.subscription_changes, metrics.daily_rollup, metrics.recovery_hours_daily,
             metrics.recovery_hours_monthly, metrics.subscription_days;
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
    SELECT c.day, sum(c.started), sum(c.canceled), sum(c.involuntary)
    FROM metrics.subscriptions s, LATERAL metrics.subscription_day_contributions(s.started_at, s.canceled_at, s.cancel_reason) c
    GROUP BY c.day;
$$;
