-- Dunning's PostgreSQL roles and the schemas they own, in the current database. Run it as a superuser on the database
-- after creating it, again after upgrading Dunning (it is idempotent), and on every fresh database (tests, drills).
--
-- Per service schema S (webhook, scheduler, notification, metrics) two login roles, neither superuser nor able to create
-- databases or roles:
--   dunning_S_migrator  owns schema S and everything in it; the service migrates with it (ConnectionStrings:PostgresMigrations).
--   dunning_S           what the service runs as (ConnectionStrings:Postgres): USAGE on S and SELECT/INSERT/UPDATE/DELETE
--                       on its tables, through default privileges for the tables its migrator creates later; nothing elsewhere.
-- A service's two roles reach no other schema, so one service's credentials read nothing of another's.
-- A role made here has no password (it cannot log in by password); 20-dunning-passwords.sh sets them.
DO $$
DECLARE
    schema_name text;
    migrator text;
    runtime text;
    login text;
    object record;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('deploy/postgres/10-dunning-roles.sql')); -- two runs on one database take turns
    FOREACH schema_name IN ARRAY ARRAY['webhook', 'scheduler', 'notification', 'metrics'] LOOP
        migrator := format('dunning_%s_migrator', schema_name);
        runtime := format('dunning_%s', schema_name);

        FOREACH login IN ARRAY ARRAY[migrator, runtime] LOOP
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = login) THEN
                    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', login);
                END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- roles belong to the whole cluster: a run on another database (parallel tests) made it meanwhile
            END;
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = login
                       AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls OR NOT rolcanlogin)) THEN
                EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', login);
            END IF;
            EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), login);
        END LOOP;

        IF to_regnamespace(schema_name) IS NULL THEN
            EXECUTE format('CREATE SCHEMA %I AUTHORIZATION %I', schema_name, migrator);
        END IF;
        -- A schema made before these roles existed (by a superuser) passes to the migrator with what it holds.
        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', schema_name, migrator);
        FOR object IN SELECT c.relname FROM pg_class c
                      WHERE c.relnamespace = to_regnamespace(schema_name) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                        AND c.relowner <> to_regrole(migrator) LOOP
            EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', schema_name, object.relname, migrator);
        END LOOP;
        FOR object IN SELECT p.oid::regprocedure AS routine FROM pg_proc p
                      WHERE p.pronamespace = to_regnamespace(schema_name) AND p.proowner <> to_regrole(migrator) LOOP
            EXECUTE format('ALTER ROUTINE %s OWNER TO %I', object.routine, migrator);
        END LOOP;

        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', schema_name, runtime);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', schema_name, runtime);
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', schema_name, runtime);
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                       migrator, schema_name, runtime);
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I',
                       migrator, schema_name, runtime);
    END LOOP;
END $$;
