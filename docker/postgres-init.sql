-- The shop's role and database on the shared PostgreSQL (Temporal's own databases are created by
-- temporal-schema). Run once by the postgres image (docker-entrypoint-initdb.d, psql), with
-- SHOP_DB_PASSWORD in its environment (from .env); no password is written here.
-- The tables come with the first release: docker/release/db/migration (Flyway, run by the worker).
\getenv shop_password SHOP_DB_PASSWORD
\if :{?shop_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'SHOP_DB_PASSWORD is not set: copy .env.example to .env'; END $$;
\endif
CREATE ROLE shop LOGIN PASSWORD :'shop_password';
CREATE DATABASE shop OWNER shop;
