package dev.greenlight.api.spec;

import dev.greenlight.api.spec.migration.Finding;
import dev.greenlight.api.spec.migration.MigrationFolder;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks that migrations are safe while the live color keeps serving on the shared database: they
 * must not break its code (drop, rename, retype, NOT NULL) nor stall its queries (long or queued
 * locks, table rewrites). The SQL is lexed and read statement by statement, not matched as text;
 * see {@link MigrationFolder} for the rules and {@link dev.greenlight.api.spec.migration.Rule} for
 * their names. A file opts out of a class of rules with {@code -- greenlight:allow-breaking <why>}
 * or {@code -- greenlight:allow-locking <why>}.
 */
public final class MigrationLinter {
  private MigrationLinter() {}

  /**
   * Problems in the migrations folder, each starting with {@code database.migrations:
   * <file>:<line>: }; empty when every file is fine.
   */
  public static List<String> lint(Path folder) {
    return findings(folder).stream().map(Finding::problem).toList();
  }

  /** The same problems, as records (for {@code lint-migrations --json}). */
  public static List<Finding> findings(Path folder) {
    return MigrationFolder.check(folder);
  }
}
