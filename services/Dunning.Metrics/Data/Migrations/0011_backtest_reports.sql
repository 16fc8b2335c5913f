-- The policy lab's backtest reports (issue 19), as lab.sh backtest --json prints them, for the dashboard's backtests page.
-- A report's id is its content's digest (BacktestReport.Id), so a report published twice is stored once.
-- history, failures and policies repeat what the report says, for the list; the page reads the report itself.
CREATE TABLE $schema$.backtest_reports (
    id          text        PRIMARY KEY,
    received_at timestamptz NOT NULL,
    history     text        NOT NULL,
    from_at     timestamptz NULL,
    to_at       timestamptz NULL,
    failures    integer     NOT NULL,
    policies    text[]      NOT NULL,
    report      jsonb       NOT NULL
);
CREATE INDEX backtest_reports_received_at ON $schema$.backtest_reports (received_at DESC);
