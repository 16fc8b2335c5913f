-- The case console looks a customer up by email address (any case, open or closed): by its lower-cased form, as suppressions are kept.
CREATE INDEX IF NOT EXISTS cases_email ON $schema$.cases (lower(email)) WHERE email IS NOT NULL;
