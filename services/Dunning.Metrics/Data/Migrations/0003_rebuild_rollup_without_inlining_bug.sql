-- PostgreSQL 15 cannot plan the inlined whole-row LATERAL call of 0002's rebuild ("variable not found in subplan
-- target list"); passing the row through a fenced subquery (OFFSET 0) avoids it.
CREATE OR REPLACE FUNCTION metrics.rebuild_rollup() RETURNS void LANGUAGE sql AS $$
    TRUNCATE metrics.daily_rollup;
    INSERT INTO metrics.daily_rollup (currency, dimension, day, measure, key, case_count, amount_minor)
    SELECT c.currency, c.dimension, c.day, c.measure, c.key, count(*), sum(c.amount_minor)
    FROM (SELECT l FROM metrics.ledger l OFFSET 0) AS x, LATERAL metrics.ledger_contributions(x.l) AS c
    GROUP BY 1, 2, 3, 4, 5;
$$;
