-- Least-privilege role for the running server (issue 20): DML only, no DDL, no ownership.
-- Run as the owner of the schema AFTER the migrations (Flyway, as the owner) and again after
-- every upgrade that adds tables or sequences:
--   psql "$OWNER_URL" -v ON_ERROR_STOP=1 -f db/roles/app_role.sql
--   psql "$OWNER_URL" -c "ALTER ROLE mt5db_app PASSWORD '...'"
-- Then run the server with QUARKUS_DATASOURCE_USERNAME=mt5db_app and
-- QUARKUS_FLYWAY_MIGRATE_AT_START=false (migrations stay with the owner).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mt5db_app') THEN
        CREATE ROLE mt5db_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO mt5db_app;
REVOKE CREATE ON SCHEMA public FROM mt5db_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO mt5db_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO mt5db_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO mt5db_app;
-- Flyway's history stays read-only for the server (it only validates it at start-up).
REVOKE INSERT, UPDATE, DELETE ON flyway_schema_history FROM mt5db_app;
