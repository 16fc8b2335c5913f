-- Durable due jobs: work that must happen at a time (retry attempts, reminder emails).
CREATE TABLE IF NOT EXISTS $schema$.due_jobs (
    job_key       text        PRIMARY KEY,
    kind          text        NOT NULL,
    payload       jsonb       NOT NULL,
    due_at        timestamptz NOT NULL,
    attempts      int         NOT NULL DEFAULT 0,
    last_error    text        NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS due_jobs_due ON $schema$.due_jobs (due_at);
