package dev.greenlight.activities.database;

import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.spec.DatabaseSpec;
import dev.greenlight.api.spec.migration.SqlLexer;
import dev.greenlight.api.spec.migration.SqlStatement;
import dev.greenlight.api.spec.migration.SqlToken;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

/**
 * Runs Flyway so that a migration never stalls live traffic for long: every statement waits at most
 * {@code database.lockTimeout} for its lock (live queries queued behind it wait no longer), and a
 * migration that timed out is tried again after a growing pause, {@code database.lockRetries}
 * times. When the tries run out the step fails, before the switch, naming the table and the session
 * that held it. A transactional file was rolled back by PostgreSQL; a non-transactional one (CREATE
 * INDEX CONCURRENTLY) is cleaned up: the INVALID index it left is dropped and Flyway's failed entry
 * repaired, or the failure says what stays.
 */
final class LockSafeRun {
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final Duration MAX_PAUSE = Duration.ofMinutes(1);

  private final Flyway flyway;
  private final DatabaseSpec db;
  private final String password;
  private final String session;
  private final Path folder;
  private final Supplier<MigrationInfo> running;

  LockSafeRun(
      Flyway flyway,
      DatabaseSpec db,
      String password,
      String session,
      Path folder,
      Supplier<MigrationInfo> running) {
    this.flyway = flyway;
    this.db = db;
    this.password = password;
    this.session = session;
    this.folder = folder;
    this.running = running;
  }

  /**
   * Migrates; throws what {@code otherFailure} makes of any failure but a lock timeout, and a
   * non-retryable {@code MigrationFailed} when the lock tries run out ({@code applied} names what
   * stays applied).
   */
  void migrate(
      Function<FlywayException, ApplicationFailure> otherFailure,
      Function<FlywayException, MigrationReport> applied) {
    int tries = db.lockRetriesOrDefault() + 1;
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      dropLeftovers();
      LockWatch.Blocker blocker;
      FlywayException timedOut;
      try (LockWatch watch = LockWatch.start(db.url(), db.user(), password, session)) {
        try {
          flyway.migrate();
          return;
        } catch (FlywayException e) {
          if (!lockTimedOut(e)) throw otherFailure.apply(e);
          timedOut = e;
          blocker = watch.last();
        }
      }
      FlywayMigrateException m =
          MigrationActivitiesImpl.find(timedOut, FlywayMigrateException.class);
      MigrationInfo failed =
          m != null && m.getMigration() != null ? m.getMigration() : running.get();
      boolean inTransaction =
          m != null ? m.isExecutableInTransaction() : MigrationActivitiesImpl.transactional(failed);
      String script = failed == null ? "a migration" : "migration " + failed.getScript();
      String left = "nothing of it was applied (PostgreSQL rolled it back)";
      if (!inTransaction) {
        left = cleanUp(timedOut, failed, blocker, script, applied);
      }
      if (attempt >= tries) {
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        throw fail(
            script
                + " could not lock "
                + table(blocker, timedOut)
                + " within "
                + millis(db.lockTimeoutOrDefault())
                + " (database.lockTimeout) in "
                + tries
                + (tries == 1 ? " try" : " tries")
                + " over "
                + seconds
                + "s: "
                + (blocker == null
                    ? "the session holding it was not caught in the act"
                    : "it was held by " + blocker.describe())
                + "; "
                + left
                + ", and nothing was switched. End that session or let it finish, then start a new"
                + " release (or raise database.lockRetries)",
            applied.apply(timedOut));
      }
      pause(attempt);
    }
  }

  /**
   * After a non-transactional file timed out: drops the INVALID indexes it left and removes
   * Flyway's failed entry, so the next try starts clean. Fails at once when statements before the
   * one that timed out were already applied: running the file again would repeat them.
   */
  private String cleanUp(
      FlywayException e,
      MigrationInfo failed,
      LockWatch.Blocker blocker,
      String script,
      Function<FlywayException, MigrationReport> applied) {
    flyway.repair(); // removes Flyway's failed entry: the migration is pending again
    List<String> stuck = new ArrayList<>();
    List<String> dropped = dropLeftovers(stuck);
    FlywaySqlScriptException scriptError =
        MigrationActivitiesImpl.find(e, FlywaySqlScriptException.class);
    int line = scriptError == null ? 0 : scriptError.getLineNumber();
    boolean firstStatement = failed != null && line > 0 && line <= firstStatementLine(failed);
    String what =
        (dropped.isEmpty()
                ? ""
                : "the INVALID index " + String.join(", ", dropped) + " it left was" + " dropped")
            + (stuck.isEmpty()
                ? ""
                : (dropped.isEmpty() ? "" : "; ")
                    + "the INVALID index "
                    + String.join(", ", stuck)
                    + " it left stays while that session runs: it is dropped before the next"
                    + " try, or DROP INDEX CONCURRENTLY it by hand");
    if (!firstStatement) {
      throw fail(
          script
              + " ran outside a transaction and timed out on a lock at line "
              + line
              + " (on "
              + table(blocker, e)
              + (blocker == null ? "" : ", held by " + blocker.describe())
              + "): the statements before that line stay applied and are not run twice"
              + (what.isEmpty() ? "" : "; " + what)
              + ". Nothing was switched. Undo or finish them by hand, then start a new release;"
              + " keep each CONCURRENTLY statement alone in its file",
          applied.apply(e));
    }
    return "it ran outside a transaction; Flyway's failed entry was removed"
        + (what.isEmpty() ? "" : " and " + what);
  }

  /** The line of the script's first statement that is not a SET. */
  private int firstStatementLine(MigrationInfo failed) {
    try {
      String sql = Files.readString(folder.resolve(failed.getScript()));
      for (SqlStatement s : SqlStatement.split(SqlLexer.lex(sql).tokens())) {
        if (!s.startsWith("set") && !s.startsWith("reset")) return s.line();
      }
    } catch (IOException | RuntimeException e) {
      // unknown: counts as not the first
    }
    return 0;
  }

  private List<String> dropLeftovers() {
    return dropLeftovers(new ArrayList<>());
  }

  /**
   * Drops the INVALID indexes that a pending migration's {@code CREATE INDEX CONCURRENTLY} is about
   * to create: only a failed earlier try can have left them. Returns those dropped; those that
   * could not be (their table is still locked) go to {@code stuck}.
   */
  private List<String> dropLeftovers(List<String> stuck) {
    List<String> dropped = new ArrayList<>();
    Set<String> planned = plannedConcurrentIndexes();
    if (planned.isEmpty()) return dropped;
    try (Connection c = connect()) {
      for (Map.Entry<String, String> index : InvalidIndexes.list(c).entrySet()) {
        if (!planned.contains(index.getValue())) continue;
        try {
          InvalidIndexes.drop(c, index.getKey());
          dropped.add(index.getKey());
        } catch (SQLException locked) {
          stuck.add(index.getKey());
        }
      }
    } catch (SQLException unreachable) {
      // Flyway's own connection will say what is wrong
    }
    return dropped;
  }

  /** The names the pending migrations give their concurrently built indexes. */
  private Set<String> plannedConcurrentIndexes() {
    Set<String> names = new LinkedHashSet<>();
    try {
      for (MigrationInfo m : flyway.info().pending()) {
        if (m.getScript() == null) continue;
        Path file = folder.resolve(m.getScript());
        if (!Files.isRegularFile(file)) continue;
        for (SqlStatement s : SqlStatement.split(SqlLexer.lex(Files.readString(file)).tokens())) {
          List<SqlToken> t = s.tokens();
          int i =
              s.startsWith("create", "index")
                  ? 2
                  : s.startsWith("create", "unique", "index") ? 3 : -1;
          if (i < 0 || i >= t.size() || !t.get(i).is("concurrently")) continue;
          i++;
          if (i + 2 < t.size() && t.get(i).is("if") && t.get(i + 1).is("not")) i += 3;
          if (i < t.size() && t.get(i).isName() && !t.get(i).is("on")) names.add(t.get(i).value());
        }
      }
    } catch (IOException | RuntimeException e) {
      // nothing known to clean up
    }
    return names;
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(db.url(), db.user(), password);
    try (var s = c.createStatement()) {
      s.execute("SET lock_timeout = '" + db.lockTimeoutOrDefault().toMillis() + "ms'");
    }
    return c;
  }

  /** Sleeps lockTimeout, then twice as long each time, at most a minute; heartbeats go on. */
  private void pause(int attempt) {
    Duration wait = db.lockTimeoutOrDefault().multipliedBy(1L << Math.min(attempt - 1, 6));
    if (wait.compareTo(MAX_PAUSE) > 0) wait = MAX_PAUSE;
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("the migration step was interrupted", "Interrupted");
    }
  }

  private static boolean lockTimedOut(Throwable e) {
    SQLException sql = MigrationActivitiesImpl.sqlCause(e);
    return sql != null && LOCK_NOT_AVAILABLE.equals(sql.getSQLState());
  }

  private static String table(LockWatch.Blocker blocker, FlywayException e) {
    if (blocker != null && blocker.table() != null) return "table " + blocker.table();
    FlywaySqlScriptException s = MigrationActivitiesImpl.find(e, FlywaySqlScriptException.class);
    if (s != null && s.getStatement() != null) {
      String statement = s.getStatement().strip().replaceAll("\\s+", " ");
      return "what \""
          + (statement.length() > 120 ? statement.substring(0, 120) + "..." : statement)
          + "\" needs";
    }
    return "its table";
  }

  private static String millis(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private ApplicationFailure fail(String message, MigrationReport report) {
    Object[] details = report == null ? new Object[0] : new Object[] {report};
    return ApplicationFailure.newNonRetryableFailure(
        MigrationActivitiesImpl.scrub(message, password), "MigrationFailed", details);
  }
}
