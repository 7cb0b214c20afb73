package dev.greenlight.api.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Flyway migrations on the shared PostgreSQL. */
@ActivityInterface
public interface MigrationActivities {

  /**
   * Runs the spec's migrations. The password is read by the worker from the env var named by {@code
   * database.passwordEnv}; it never appears in inputs, results or failures.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable, type {@code MigrationFailed},
   *     when a migration fails (PostgreSQL rolls it back); retryable, type {@code
   *     DatabaseUnreachable} or {@code DatabaseUnavailable}, when the database is unreachable or
   *     goes away mid-migration (restart, lost connection, connection limit, deadlock). Once
   *     migrations ran, the details hold a {@link MigrationReport} naming those that stay applied.
   */
  @ActivityMethod
  MigrationReport migrate(ReleaseContext ctx);
}
