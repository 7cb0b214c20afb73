package dev.greenlight.api.spec;

/**
 * The shared PostgreSQL and its Flyway migrations.
 *
 * @param url JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/shop
 * @param user database user
 * @param passwordEnv name of the env var the worker reads the password from (never the password)
 * @param migrations absolute path of the Flyway SQL folder (relative in the spec file: to it)
 */
public record DatabaseSpec(String url, String user, String passwordEnv, String migrations) {}
