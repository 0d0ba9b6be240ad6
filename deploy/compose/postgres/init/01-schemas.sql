-- Runs once, when the PostgreSQL volume is first created (docker-entrypoint-initdb.d).
-- One schema per service; each service's Flyway owns the tables in its schema.
-- Flyway would create them too (create-schemas=true); creating them here makes the layout visible
-- and lets an operator grant narrower rights later without touching the services.
CREATE SCHEMA IF NOT EXISTS contacts;
CREATE SCHEMA IF NOT EXISTS gateway;
