package dev.greenlight.api.model;

/**
 * A Flyway migration applied by a release.
 *
 * @param version migration version, e.g. "2"
 * @param description Flyway's description
 * @param script file name
 * @param checksum Flyway's checksum of the script
 */
public record AppliedMigration(
    String version, String description, String script, Integer checksum) {}
