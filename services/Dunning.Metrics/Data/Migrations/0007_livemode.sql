-- Test-mode data never mixes into live figures: the ledger and the subscriptions keep Stripe's livemode, and every
-- aggregate keeps live and test apart (livemode is the last column of each key, so a report's scan of currency,
-- dimension and days is the one it was, with livemode checked in the index). Rows from before this migration are live.

ALTER TABLE metrics.ledger ADD COLUMN livemode boolean NOT NULL DEFAULT true;
ALTER TABLE metrics.subscriptions ADD COLUMN livemode boolean NOT NULL DEFAULT true;
ALTER TABLE metrics.ledger_changes ADD COLUMN livemode boolean NOT NULL DEFAULT true;
ALTER TABLE metrics.subscription_changes ADD COLUMN livemode boolean NOT NULL DEFAULT true;

ALTER TABLE metrics.daily_rollup ADD COLUMN livemode boolean NOT NULL DEFAULT true;
ALTER TABLE metrics.daily_rollup DROP CONSTRAINT daily_rollup_pkey, ADD PRIMARY KEY (currency, dimension, day, measure, key, livemode);
ALTER TABLE metrics.recovery_hours_daily ADD COLUMN livemode boolean NOT NULL DEFAULT true;
ALTER TABLE metrics.recovery_hours_daily DROP CONSTRAINT recovery_hours_daily_pkey, ADD PRIMARY KEY (currency, day, hours, livemode);
ALTER TABLE metrics.recovery_hours_monthly ADD COLUMN livemode boolean NOT NULL DEFAULT true;
ALTER TABLE metrics.recovery_hours_monthly DROP CONSTRAINT recovery_hours_monthly_pkey, ADD PRIMARY KEY (currency, month, hours, livemode);
ALTER TABLE metrics.subscription_days ADD COLUMN livemode boolean NOT NULL DEFAULT true;
ALTER TABLE metrics.subscription_days DROP CONSTRAINT subscription_days_pkey, ADD PRIMARY KEY (day, livemode);

-- 0002/0004's per-row aggregate functions lost their triggers in 0005/0006 and would write to keys that no longer exist.
DROP FUNCTION metrics.ledger_rollup();
DROP FUNCTION metrics.apply_rollup(metrics.ledger, int);
DROP FUNCTION metrics.apply_recovery_hours(metrics.ledger, int);
DROP FUNCTION metrics.subscription_rollup();
DROP FUNCTION metrics.apply_subscription_days(metrics.subscriptions, int);
DROP FUNCTION metrics.ledger_contributions(metrics.ledger);

-- A case's livemode comes from its PaymentFailed, which may arrive after a close created the row: a change of
-- livemode moves the case's figures from one mode to the other, so the triggers record it like any other change.
CREATE OR REPLACE FUNCTION metrics.record_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO metrics.ledger_changes (sign, currency, amount_minor, failed_at, closed_at, outcome, recovery_method,
            loss_reason, recovered_attempt, first_decline_code, card_brand, livemode)
        VALUES (-1, OLD.currency, OLD.amount_minor, OLD.failed_at, OLD.closed_at, OLD.outcome, OLD.recovery_method,
            OLD.loss_reason, OLD.recovered_attempt, OLD.first_decline_code, OLD.card_brand, OLD.livemode);
    END IF;
    INSERT INTO metrics.ledger_changes (sign, currency, amount_minor, failed_at, closed_at, outcome, recovery_method,
        loss_reason, recovered_attempt, first_decline_code, card_brand, livemode)
    VALUES (1, NEW.currency, NEW.amount_minor, NEW.failed_at, NEW.closed_at, NEW.outcome, NEW.recovery_method,
        NEW.loss_reason, NEW.recovered_attempt, NEW.first_decline_code, NEW.card_brand, NEW.livemode);
    RETURN NULL;
END
$$;

DROP TRIGGER ledger_updated ON metrics.ledger;
CREATE TRIGGER ledger_updated AFTER UPDATE ON metrics.ledger
    FOR EACH ROW
    WHEN ((OLD.currency, OLD.amount_minor, OLD.failed_at, OLD.closed_at, OLD.outcome, OLD.recovery_method, OLD.loss_reason,
           OLD.recovered_attempt, OLD.first_decline_code, OLD.card_brand, OLD.livemode)
          IS DISTINCT FROM
          (NEW.currency, NEW.amount_minor, NEW.failed_at, NEW.closed_at, NEW.outcome, NEW.recovery_method, NEW.loss_reason,
           NEW.recovered_attempt, NEW.first_decline_code, NEW.card_brand, NEW.livemode))
    EXECUTE FUNCTION metrics.record_ledger_change();

CREATE OR REPLACE FUNCTION metrics.record_subscription_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO metrics.subscription_changes (sign, started_at, canceled_at, cancel_reason, livemode)
        VALUES (-1, OLD.started_at, OLD.canceled_at, OLD.cancel_reason, OLD.livemode);
    END IF;
    INSERT INTO metrics.subscription_changes (sign, started_at, canceled_at, cancel_reason, livemode)
    VALUES (1, NEW.started_at, NEW.canceled_at, NEW.cancel_reason, NEW.livemode);
    RETURN NULL;
END
$$;

DROP TRIGGER subscription_updated ON metrics.subscriptions;
CREATE TRIGGER subscription_updated AFTER UPDATE ON metrics.subscriptions
    FOR EACH ROW
    WHEN ((OLD.started_at, OLD.canceled_at, OLD.cancel_reason, OLD.livemode)
          IS DISTINCT FROM (NEW.started_at, NEW.canceled_at, NEW.cancel_reason, NEW.livemode))
    EXECUTE FUNCTION metrics.record_subscription_change();

-- The views as in 0005/0006, with livemode beside every figure.
DROP VIEW metrics.daily_rollup_live, metrics.recovery_hours_daily_live, metrics.recovery_hours_monthly_live,
          metrics.subscription_days_live;

CREATE VIEW metrics.daily_rollup_live AS
    SELECT currency, dimension, day, measure, key, livemode, case_count, amount_minor FROM metrics.daily_rollup
    UNION ALL
    SELECT c.currency, c.dimension, c.day, c.measure, c.key, p.livemode, p.sign::bigint, p.sign * c.amount_minor
    FROM metrics.ledger_changes p,
         LATERAL metrics.rollup_contributions(p.currency, p.amount_minor, p.failed_at, p.closed_at, p.outcome, p.recovery_method,
                                              p.loss_reason, p.recovered_attempt, p.first_decline_code, p.card_brand) c;

CREATE VIEW metrics.recovery_hours_daily_live AS
    SELECT currency, day, hours, livemode, case_count FROM metrics.recovery_hours_daily
    UNION ALL
    SELECT currency, (closed_at AT TIME ZONE 'UTC')::date, metrics.recovery_whole_hours(failed_at, closed_at), livemode, sign::bigint
    FROM metrics.ledger_changes WHERE outcome = 'recovered' AND closed_at IS NOT NULL;

CREATE VIEW metrics.recovery_hours_monthly_live AS
    SELECT currency, month, hours, livemode, case_count FROM metrics.recovery_hours_monthly
    UNION ALL
    SELECT currency, date_trunc('month', (closed_at AT TIME ZONE 'UTC')::date)::date, metrics.recovery_whole_hours(failed_at, closed_at),
           livemode, sign::bigint
    FROM metrics.ledger_changes WHERE outcome = 'recovered' AND closed_at IS NOT NULL;

-- One row per day and mode.
CREATE VIEW metrics.subscription_days_live AS
    SELECT day, livemode, sum(started)::bigint AS started, sum(canceled)::bigint AS canceled, sum(involuntary)::bigint AS involuntary
    FROM (
        SELECT day, livemode, started, canceled, involuntary FROM metrics.subscription_days
        UNION ALL
        SELECT c.day, p.livemode, p.sign * c.started, p.sign * c.canceled, p.sign * c.involuntary
        FROM metrics.subscription_changes p, LATERAL metrics.subscription_day_contributions(p.started_at, p.canceled_at, p.cancel_reason) c
    ) AS d
    GROUP BY day, livemode;

CREATE OR REPLACE FUNCTION metrics.fold_ledger_changes() RETURNS bigint LANGUAGE sql AS $$
    WITH moved AS (
        DELETE FROM metrics.ledger_changes RETURNING *
    ), rollup AS (
        INSERT INTO metrics.daily_rollup AS r (currency, dimension, day, measure, key, livemode, case_count, amount_minor)
        SELECT c.currency, c.dimension, c.day, c.measure, c.key, m.livemode, sum(m.sign)::bigint, sum(m.sign * c.amount_minor)::bigint
        FROM moved m,
             LATERAL metrics.rollup_contributions(m.currency, m.amount_minor, m.failed_at, m.closed_at, m.outcome, m.recovery_method,
                                                  m.loss_reason, m.recovered_attempt, m.first_decline_code, m.card_brand) c
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

CREATE OR REPLACE FUNCTION metrics.fold_subscription_changes() RETURNS bigint LANGUAGE sql AS $$
    WITH moved AS (
        DELETE FROM metrics.subscription_changes RETURNING *
    ), days AS (
        INSERT INTO metrics.subscription_days AS d (day, livemode, started, canceled, involuntary)
        SELECT c.day, m.livemode, sum(m.sign * c.started), sum(m.sign * c.canceled), sum(m.sign * c.involuntary)
        FROM moved m, LATERAL metrics.subscription_day_contributions(m.started_at, m.canceled_at, m.cancel_reason) c
        GROUP BY c.day, m.livemode
        HAVING sum(m.sign * c.started) <> 0 OR sum(m.sign * c.canceled) <> 0 OR sum(m.sign * c.involuntary) <> 0
        ORDER BY c.day, m.livemode
        ON CONFLICT (day, livemode) DO UPDATE SET started = d.started + excluded.started, canceled = d.canceled + excluded.canceled,
                                                  involuntary = d.involuntary + excluded.involuntary
    )
    SELECT count(*) FROM moved
$$;

-- The rebuild passes the ledger's columns (not its whole row, see 0003) to the one contributions rule.
CREATE OR REPLACE FUNCTION metrics.rebuild_rollup() RETURNS void LANGUAGE sql AS $$
    TRUNCATE metrics.ledger_changes, metrics.subscription_changes, metrics.daily_rollup, metrics.recovery_hours_daily,
             metrics.recovery_hours_monthly, metrics.subscription_days;
    INSERT INTO metrics.daily_rollup (currency, dimension, day, measure, key, livemode, case_count, amount_minor)
    SELECT c.currency, c.dimension, c.day, c.measure, c.key, l.livemode, count(*), sum(c.amount_minor)
    FROM metrics.ledger l,
         LATERAL metrics.rollup_contributions(l.currency, l.amount_minor, l.failed_at, l.closed_at, l.outcome, l.recovery_method,
                                              l.loss_reason, l.recovered_attempt, l.first_decline_code, l.card_brand) c
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
