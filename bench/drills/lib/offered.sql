-- Offered vs accepted, from the sandbox's own record (drill.webhooks, loaded by the checks): every event the sandbox
-- emitted since :'t0' (its first delivery's queued_at = when the event was emitted) and when an endpoint first answered
-- it 2xx. One line, '|'-separated: events, offered ev/s (emitted while the generators ran, :load_from..:load_to, epoch s,
-- ÷ that time), best 10 s offered ev/s, accepted ev/s (first emitted -> last
-- accepted), best 10 s accepted ev/s, delivery wait p50/p99 ms (emitted -> first 2xx), largest backlog (emitted, not yet
-- answered 2xx, per second), emitted -> metrics consumer committed p50/p99 ms (the whole way), backlog every 10 s
-- ("0s:12 10s:40 ..."); then, over the load window only: accepted ev/s (first 2xx inside it ÷ its length), and the backlog
-- at its middle and at its end (is the backlog growing while the load is offered?).
WITH ev AS (SELECT event_id, min(queued_at) AS q, min(at) FILTER (WHERE delivered) AS ok
            FROM drill.webhooks GROUP BY event_id HAVING min(queued_at) >= :'t0'),
span AS (SELECT count(*) AS n, min(q) AS first, max(q) AS last, max(ok) AS last_ok FROM ev),
offered10 AS (SELECT count(*) AS n FROM ev GROUP BY date_bin('10 seconds', q, (SELECT first FROM span))),
accepted10 AS (SELECT count(*) AS n FROM ev WHERE ok IS NOT NULL GROUP BY date_bin('10 seconds', ok, (SELECT first FROM span))),
seconds AS (SELECT g AS s, (SELECT first FROM span) + g * interval '1 second' AS t
            FROM generate_series(0, ceil(extract(epoch FROM (SELECT greatest(last, last_ok) - first FROM span)))::int) g),
e2e AS (SELECT extract(epoch FROM i.handled_at - ev.q) * 1000 AS ms
        FROM metrics.inbox i JOIN webhook.outbox o ON o.id = i.message_id JOIN ev ON ev.event_id = o.body ->> 'sourceEventId'),
backlog AS (SELECT s, (SELECT count(*) FROM ev WHERE q <= t) - (SELECT count(*) FROM ev WHERE ok <= t) AS n FROM seconds)
SELECT s.n,
       round((SELECT count(*) FROM ev WHERE q BETWEEN to_timestamp(:load_from) AND to_timestamp(:load_to))
             / greatest(:load_to - :load_from, 1)::numeric, 1),
       round((SELECT max(n) FROM offered10) / 10.0, 1),
       round((SELECT count(ok) FROM ev) / greatest(extract(epoch FROM s.last_ok - s.first), 1)::numeric, 1),
       round((SELECT max(n) FROM accepted10) / 10.0, 1),
       round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ok - q)) FROM ev WHERE ok IS NOT NULL)::numeric * 1000, 0),
       round((SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM ok - q)) FROM ev WHERE ok IS NOT NULL)::numeric * 1000, 0),
       (SELECT max(n) FROM backlog),
       round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM e2e)::numeric, 0),
       round((SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) FROM e2e)::numeric, 0),
       (SELECT string_agg(s || 's:' || n, ' ' ORDER BY s) FROM backlog WHERE s % 10 = 0),
       round((SELECT count(*) FROM ev WHERE ok BETWEEN to_timestamp(:load_from) AND to_timestamp(:load_to))
             / greatest(:load_to - :load_from, 1)::numeric, 1),
       (SELECT count(*) FILTER (WHERE q <= to_timestamp((:load_from + :load_to) / 2.0))
             - count(*) FILTER (WHERE ok <= to_timestamp((:load_from + :load_to) / 2.0)) FROM ev),
       (SELECT count(*) FILTER (WHERE q <= to_timestamp(:load_to)) - count(*) FILTER (WHERE ok <= to_timestamp(:load_to)) FROM ev)
FROM span s;
