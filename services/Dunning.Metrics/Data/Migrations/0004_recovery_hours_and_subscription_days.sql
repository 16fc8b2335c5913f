-- Aggregates for the two reports the daily rollup cannot answer fast on a large ledger:
-- time to recover (a histogram of whole hours, per day and per month) and subscriber churn (starts/cancels per day).

CREATE TABLE metrics.recovery_hours_daily (
    currency   text   NOT NULL,
    day        date   NOT NULL,
    hours      int    NOT NULL,
    case_count bigint NOT NULL,
    PRIMARY KEY (currency, day, hours)
);

CREATE TABLE metrics.recovery_hours_monthly (
    currency   text   NOT NULL,
    month      date   NOT NULL,
    hours      int    NOT NULL,
    case_count bigint NOT NULL,
    PRIMARY KEY (currency, month, hours)
);

CREATE FUNCTION metrics.apply_recovery_hours(l metrics.ledger, sign int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    recovered_day date;
    whole_hours int;
BEGIN
    IF l.outcome <> 'recovered' OR l.closed_at IS NULL THEN
        RETURN;
    END IF;
    recovered_day := (l.closed_at AT TIME ZONE 'UTC')::date;
    whole_hours := GREATEST(floor(extract(epoch FROM l.closed_at - l.failed_at) / 3600), 0)::int;
    INSERT INTO metrics.recovery_hours_daily AS r (currency, day, hours, case_count)
    VALUES (l.currency, recovered_day, whole_hours, sign)
    ON CONFLICT (currency, day, hours) DO UPDATE SET case_count = r.case_count + excluded.case_count;
    INSERT INTO metrics.recovery_hours_monthly AS r (currency, month, hours, case_count)
    VALUES (l.currency, date_trunc('month', recovered_day)::date, whole_hours, sign)
    ON CONFLICT (currency, month, hours) DO UPDATE SET case_count = r.case_count + excluded.case_count;
END
$$;

CREATE OR REPLACE FUNCTION metrics.ledger_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (OLD.currency, OLD.amount_minor, OLD.failed_at, OLD.closed_at, OLD.outcome, OLD.recovery_method, OLD.loss_reason,
            OLD.recovered_attempt, OLD.first_decline_code, OLD.card_brand)
           IS NOT DISTINCT FROM
           (NEW.currency, NEW.amount_minor, NEW.failed_at, NEW.closed_at, NEW.outcome, NEW.recovery_method, NEW.loss_reason,
            NEW.recovered_attempt, NEW.first_decline_code, NEW.card_brand) THEN
            RETURN NULL;
        END IF;
        PERFORM metrics.apply_rollup(OLD, -1);
        PERFORM metrics.apply_recovery_hours(OLD, -1);
    END IF;
    PERFORM metrics.apply_rollup(NEW, 1);
    PERFORM metrics.apply_recovery_hours(NEW, 1);
    RETURN NULL;
END
$$;

-- Per UTC day: subscriptions started, cancellations of subscriptions whose start is known (they leave the active
-- count), and cancellations for failed payment (involuntary churn).
CREATE TABLE metrics.subscription_days (
    day         date   PRIMARY KEY,
    started     bigint NOT NULL,
    canceled    bigint NOT NULL,
    involuntary bigint NOT NULL
);

CREATE FUNCTION metrics.apply_subscription_days(s metrics.subscriptions, sign int) RETURNS void LANGUAGE sql AS $$
    INSERT INTO metrics.subscription_days AS d (day, started, canceled, involuntary)
    SELECT c.day, sign * sum(c.started), sign * sum(c.canceled), sign * sum(c.involuntary)
    FROM (
        SELECT (s.started_at AT TIME ZONE 'UTC')::date AS day, 1 AS started, 0 AS canceled, 0 AS involuntary
        WHERE s.started_at IS NOT NULL
        UNION ALL
        SELECT (s.canceled_at AT TIME ZONE 'UTC')::date, 0,
               CASE WHEN s.started_at IS NOT NULL AND s.started_at <= s.canceled_at THEN 1 ELSE 0 END,
               CASE WHEN s.cancel_reason = 'payment_failed' THEN 1 ELSE 0 END
        WHERE s.canceled_at IS NOT NULL
    ) AS c
    GROUP BY c.day
    ORDER BY c.day
    ON CONFLICT (day) DO UPDATE SET started = d.started + excluded.started, canceled = d.canceled + excluded.canceled,
                                    involuntary = d.involuntary + excluded.involuntary
$$;

CREATE FUNCTION metrics.subscription_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (OLD.started_at, OLD.canceled_at, OLD.cancel_reason) IS NOT DISTINCT FROM (NEW.started_at, NEW.canceled_at, NEW.cancel_reason) THEN
            RETURN NULL;
        END IF;
        PERFORM metrics.apply_subscription_days(OLD, -1);
    END IF;
    PERFORM metrics.apply_subscription_days(NEW, 1);
    RETURN NULL;
END
$$;

CREATE TRIGGER subscription_rollup AFTER INSERT OR UPDATE ON metrics.subscriptions
    FOR EACH ROW EXECUTE FUNCTION metrics.subscription_rollup();

-- Rebuilds every aggregate from the ledger and the subscriptions (after a bulk load with the triggers disabled).
CREATE OR REPLACE FUNCTION metrics.rebuild_rollup() RETURNS void LANGUAGE sql AS $$
    TRUNCATE metrics.daily_rollup, metrics.recovery_hours_daily, metrics.recovery_hours_monthly, metrics.subscription_days;
    INSERT INTO metrics.daily_rollup (currency, dimension, day, measure, key, case_count, amount_minor)
    SELECT c.currency, c.dimension, c.day, c.measure, c.key, count(*), sum(c.amount_minor)
    FROM (SELECT l FROM metrics.ledger l OFFSET 0) AS x, LATERAL metrics.ledger_contributions(x.l) AS c
    GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO metrics.recovery_hours_daily (currency, day, hours, case_count)
    SELECT currency, (closed_at AT TIME ZONE 'UTC')::date, GREATEST(floor(extract(epoch FROM closed_at - failed_at) / 3600), 0)::int, count(*)
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

SELECT metrics.rebuild_rollup();
