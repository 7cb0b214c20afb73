-- The demo app's database on the shared PostgreSQL (Temporal's own databases are created by temporal-schema).
CREATE USER shop WITH PASSWORD 'shop';
CREATE DATABASE shop OWNER shop;
