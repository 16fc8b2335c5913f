-- Which failure set first_decline_code/card_brand, so the earliest failure wins whatever the arrival order.
ALTER TABLE metrics.ledger ADD COLUMN decline_seen_at timestamptz NULL;
ALTER TABLE metrics.ledger ADD COLUMN retry_attempts int NOT NULL DEFAULT 0;
ALTER TABLE metrics.ledger ADD COLUMN reminders_sent int NOT NULL DEFAULT 0;
CREATE INDEX ledger_recovered ON metrics.ledger (currency, closed_at) INCLUDE (failed_at) WHERE outcome = 'recovered';
CREATE INDEX ledger_open ON metrics.ledger (currency, failed_at) INCLUDE (amount_minor) WHERE outcome = 'open';

-- The churn denominator: one row per subscription (a cancel may arrive before its start).
CREATE TABLE metrics.subscriptions (
    subscription_id text        PRIMARY KEY,
    customer_id     text        NOT NULL,
    started_at      timestamptz NULL,
    canceled_at     timestamptz NULL,
    cancel_reason   text        NULL
);
CREATE INDEX subscriptions_started ON metrics.subscriptions (started_at) INCLUDE (canceled_at);
CREATE INDEX subscriptions_canceled ON metrics.subscriptions (canceled_at) INCLUDE (started_at, cancel_reason);

-- Daily sums per currency, measure (failed/recovered/lost) and dimension, kept by a trigger in the ledger's transaction.
CREATE TABLE metrics.daily_rollup (
    currency     text   NOT NULL,
    dimension    text   NOT NULL,
    day          date   NOT NULL,
    measure      text   NOT NULL,
    key          text   NOT NULL,
    case_count   bigint NOT NULL,
    amount_minor bigint NOT NULL,
    PRIMARY KEY (currency, dimension, day, measure, key)
);

-- What one ledger row adds to the rollup: its failure on the failure day, its close on the close day.
CREATE FUNCTION metrics.ledger_contributions(l metrics.ledger)
RETURNS TABLE (currency text, dimension text, day date, measure text, key text, amount_minor bigint)
LANGUAGE sql IMMUTABLE AS $$
    SELECT l.currency, d.dimension, (l.failed_at AT TIME ZONE 'UTC')::date, 'failed', d.key, l.amount_minor
    FROM (VALUES ('total', ''),
                 ('decline_code', coalesce(l.first_decline_code, 'unknown')),
                 ('card_brand', coalesce(l.card_brand, 'unknown')),
                 ('cohort', to_char(l.failed_at AT TIME ZONE 'UTC', 'YYYY-MM'))) AS d(dimension, key)
    UNION ALL
    SELECT l.currency, d.dimension, (l.closed_at AT TIME ZONE 'UTC')::date, l.outcome, d.key, l.amount_minor
    FROM (VALUES ('total', ''),
                 ('method', l.recovery_method),
                 ('reason', l.loss_reason),
                 ('attempt', l.recovered_attempt::text),
                 ('decline_code', coalesce(l.first_decline_code, 'unknown')),
                 ('card_brand', coalesce(l.card_brand, 'unknown')),
                 ('cohort', to_char(l.failed_at AT TIME ZONE 'UTC', 'YYYY-MM'))) AS d(dimension, key)
    WHERE l.outcome IN ('recovered', 'lost') AND l.closed_at IS NOT NULL AND d.key IS NOT NULL
$$;

CREATE FUNCTION metrics.apply_rollup(l metrics.ledger, sign int) RETURNS void LANGUAGE sql AS $$
    INSERT INTO metrics.daily_rollup AS r (currency, dimension, day, measure, key, case_count, amount_minor)
    SELECT c.currency, c.dimension, c.day, c.measure, c.key, sign, sign * c.amount_minor
    FROM metrics.ledger_contributions(l) c
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (currency, dimension, day, measure, key) DO UPDATE
        SET case_count = r.case_count + excluded.case_count, amount_minor = r.amount_minor + excluded.amount_minor
$$;

CREATE FUNCTION metrics.ledger_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
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
    END IF;
    PERFORM metrics.apply_rollup(NEW, 1);
    RETURN NULL;
END
$$;

CREATE TRIGGER ledger_rollup AFTER INSERT OR UPDATE ON metrics.ledger
    FOR EACH ROW EXECUTE FUNCTION metrics.ledger_rollup();

-- Rebuilds the rollup from the ledger (after a bulk load with the trigger disabled).
CREATE FUNCTION metrics.rebuild_rollup() RETURNS void LANGUAGE sql AS $$
    TRUNCATE metrics.daily_rollup;
    INSERT INTO metrics.daily_rollup (currency, dimension, day, measure, key, case_count, amount_minor)
    SELECT c.currency, c.dimension, c.day, c.measure, c.key, count(*), sum(c.amount_minor)
    FROM metrics.ledger l, LATERAL metrics.ledger_contributions(l) c
    GROUP BY 1, 2, 3, 4, 5;
$$;
