#!/bin/bash
# Keycloak's own login role and database in the compose PostgreSQL: Keycloak never sees the services'
# schemas and the services' role never reads Keycloak's tables (users, credentials).
# Idempotent, so it runs twice without harm: PostgreSQL runs it when it creates an empty volume
# (docker-entrypoint-initdb.d, over the local socket), and the keycloak-db-init one-shot runs it on every
# `docker compose up` (over the network, PGHOST/PGPASSWORD), which creates them in a volume made before
# Keycloak was added and applies a changed KEYCLOAK_DB_PASSWORD.
# The password goes from the environment into a psql variable (\getenv, psql 15+): never into a command
# line, and PostgreSQL logs no statement text by default.
set -euo pipefail
: "${KEYCLOAK_DB_PASSWORD:?set KEYCLOAK_DB_PASSWORD in .env}"
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
\getenv kc_password KEYCLOAK_DB_PASSWORD
SELECT 'CREATE ROLE keycloak LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'keycloak')
\gexec
ALTER ROLE keycloak WITH LOGIN PASSWORD :'kc_password';
SELECT 'CREATE DATABASE keycloak OWNER keycloak'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'keycloak')
\gexec
-- Only its owner (and the superuser) may connect.
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;
SQL
