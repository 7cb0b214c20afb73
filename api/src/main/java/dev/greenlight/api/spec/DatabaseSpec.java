package dev.greenlight.api.spec;

import java.time.Duration;

/**
 * The shared PostgreSQL and its Flyway migrations.
 *
 * @param url JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/shop
 * @param user database user
 * @param passwordEnv name of the env var the worker reads the password from (never the password)
 * @param migrations absolute path of the Flyway SQL folder (relative in the spec file: to it)
 * @param lockTimeout the longest a migration statement waits for a lock ({@code lock_timeout}), and
 *     so the longest it holds up live queries queued behind it; null in older histories: 5s
 * @param statementTimeout the longest one migration statement may run ({@code statement_timeout});
 *     null: no limit
 * @param lockRetries how often a migration that timed out on a lock is tried again, with backoff;
 *     null in older histories: 5
 */
public record DatabaseSpec(
    String url,
    String user,
    String passwordEnv,
    String migrations,
    Duration lockTimeout,
    Duration statementTimeout,
    Integer lockRetries) {

  /** {@code database.lockTimeout} when the spec leaves it out. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

  /** {@code database.lockRetries} when the spec leaves it out. */
  public static final int DEFAULT_LOCK_RETRIES = 5;

  /** Without the lock settings: the defaults apply. */
  public DatabaseSpec(String url, String user, String passwordEnv, String migrations) {
    this(url, user, passwordEnv, migrations, null, null, null);
  }

  /** {@link #lockTimeout}, or its default. */
  public Duration lockTimeoutOrDefault() {
    return lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
  }

  /** {@link #lockRetries}, or its default. */
  public int lockRetriesOrDefault() {
    return lockRetries == null ? DEFAULT_LOCK_RETRIES : lockRetries;
  }
}
