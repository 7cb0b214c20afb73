package dev.greenlight.activities.database;

import dev.greenlight.activities.BackgroundHeartbeat;
import dev.greenlight.api.activities.MigrationActivities;
import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.AppliedMigration;
import dev.greenlight.api.spec.DatabaseSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.info.MigrationInfoImpl;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Runs the spec's Flyway SQL migrations against the shared PostgreSQL. The password comes from the
 * worker's environment (the variable named by {@code database.passwordEnv}) and is kept out of
 * every message and result.
 */
public class MigrationActivitiesImpl implements MigrationActivities {
  private final UnaryOperator<String> environment;

  /** Reads the password from the worker's own environment. */
  public MigrationActivitiesImpl() {
    this(System::getenv);
  }

  /** Reads the password through {@code environment} (a test gives its own variables). */
  public MigrationActivitiesImpl(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  @Override
  public MigrationReport migrate(ReleaseContext ctx) {
    DatabaseSpec db = ctx.spec().database();
    if (db == null) {
      return new MigrationReport(List.of(), null, "no database in the spec");
    }
    String password = password(db);
    Path folder = Path.of(db.migrations()).toAbsolutePath().normalize();
    if (!Files.isDirectory(folder)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "migrations folder "
              + folder
              + " does not exist on the worker; the worker must see the same files as the spec",
          "MigrationFailed");
    }
    FluentConfiguration config =
        Flyway.configure(MigrationActivitiesImpl.class.getClassLoader())
            .dataSource(db.url(), db.user(), password)
            .locations("filesystem:" + folder)
            .mixed(true)
            .baselineOnMigrate(false)
            .cleanDisabled(true)
            .connectRetries(0); // Temporal retries a database that is not up yet
    // Off, or CREATE INDEX CONCURRENTLY waits forever on Flyway's own transaction-level lock
    config
        .getConfigurationExtension(PostgreSQLConfigurationExtension.class)
        .setTransactionalLock(false);
    String session = sessionName(ctx.releaseId());
    config.initSql(sessionSettings(db, session));
    RunningMigration running = new RunningMigration();
    config.callbacks(running);
    Flyway flyway = config.load();
    ActivityExecutionContext activity = Activity.getExecutionContext();
    // An earlier attempt of this step may have applied some migrations before the database went
    // away: its starting point comes back in the heartbeat, so the report names everything this
    // release applied.
    Integer earlier = startingRank(activity);
    int before;
    try {
      before = earlier != null ? earlier : lastRank(flyway.info().applied());
    } catch (FlywayException e) {
      throw failure(e, db, password, null, null);
    }
    // a killed worker is noticed by its missing heartbeats, not after the 30-minute start-to-close
    // timeout
    try (BackgroundHeartbeat beat = BackgroundHeartbeat.start(activity, before)) {
      new LockSafeRun(flyway, db, password, session, folder, running.supplier())
          .migrate(
              e -> failure(e, db, password, running.current, afterFailure(flyway, before, e)),
              e -> afterFailure(flyway, before, e));
      return report(flyway, before);
    }
  }

  /**
   * What every migration session runs first: the lock and statement timeouts, and a name the lock
   * watch finds it by.
   */
  static String sessionSettings(DatabaseSpec db, String session) {
    Duration statement = db.statementTimeout();
    return "SET lock_timeout = '"
        + db.lockTimeoutOrDefault().toMillis()
        + "ms'; SET statement_timeout = '"
        + (statement == null ? 0 : statement.toMillis())
        + "ms'; SET application_name = '"
        + session
        + "'";
  }

  /** {@code greenlight-migrate <release>}, within PostgreSQL's 63 characters, quote-free. */
  static String sessionName(String releaseId) {
    String name = "greenlight-migrate " + (releaseId == null ? "" : releaseId);
    name = name.replaceAll("[^A-Za-z0-9 ._-]", "_");
    return name.length() <= 63 ? name : name.substring(0, 63);
  }

  /**
   * The rank this step started from, as an earlier attempt heartbeated it; null on the first
   * attempt.
   */
  private static Integer startingRank(ActivityExecutionContext activity) {
    try {
      return activity.getHeartbeatDetails(Integer.class).orElse(null);
    } catch (RuntimeException e) {
      return null; // heartbeated by an older worker, which sent text
    }
  }

  /** What this release applied: every migration installed after {@code before}, in order. */
  private static MigrationReport report(Flyway flyway, int before) {
    MigrationInfo[] applied = flyway.info().applied();
    List<AppliedMigration> now =
        Arrays.stream(applied)
            .filter(
                m ->
                    m.getInstalledRank() != null
                        && m.getInstalledRank() > before
                        && m.getState().isApplied()
                        && !m.getState().isFailed())
            .sorted(Comparator.comparing(MigrationInfo::getInstalledRank))
            .map(
                m ->
                    new AppliedMigration(
                        m.getVersion() == null ? null : m.getVersion().getVersion(),
                        m.getDescription(),
                        m.getScript(),
                        m.getChecksum()))
            .toList();
    MigrationInfo current = flyway.info().current();
    String version =
        current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
    return new MigrationReport(now, version, detail(now, version));
  }

  /**
   * The migrations that stay applied after a failed run, read back from the schema history; when
   * the database cannot be read (it went away), Flyway's own account of this attempt.
   */
  private static MigrationReport afterFailure(Flyway flyway, int before, FlywayException e) {
    try {
      return report(flyway, before);
    } catch (RuntimeException unreadable) {
      FlywayMigrateException m = find(e, FlywayMigrateException.class);
      if (m == null || m.getErrorResult() == null) return null;
      List<AppliedMigration> done =
          m.getErrorResult().getSuccessfulMigrations().stream()
              .filter(o -> !Boolean.TRUE.equals(o.rolledBack))
              .map(
                  o ->
                      new AppliedMigration(
                          o.version == null || o.version.isEmpty() ? null : o.version,
                          o.description,
                          o.filepath == null ? null : Path.of(o.filepath).getFileName().toString(),
                          null))
              .toList();
      String version =
          done.stream()
              .map(AppliedMigration::version)
              .filter(v -> v != null)
              .reduce((a, b) -> b)
              .orElse(null);
      return new MigrationReport(done, version, detail(done, version));
    }
  }

  private String password(DatabaseSpec db) {
    if (db.passwordEnv() == null) return null; // trust or .pgpass authentication
    String value = environment.apply(db.passwordEnv());
    if (value == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the database password is read from the env var "
              + db.passwordEnv()
              + ", which is not set in the worker's environment: set it where the worker runs and"
              + " restart the worker",
          "MigrationFailed");
    }
    return value;
  }

  private static int lastRank(MigrationInfo[] applied) {
    return Arrays.stream(applied)
        .map(MigrationInfo::getInstalledRank)
        .filter(r -> r != null)
        .mapToInt(Integer::intValue)
        .max()
        .orElse(0);
  }

  private static String detail(List<AppliedMigration> applied, String version) {
    String at = version == null ? "no versioned migration" : "version " + version;
    if (applied.isEmpty()) return "schema already at " + at + "; nothing to apply";
    return "applied "
        + applied.stream()
            .map(
                m -> (m.version() == null ? "R" : "V" + m.version()) + " (" + m.description() + ")")
            .collect(Collectors.joining(", "))
        + "; schema now at "
        + at;
  }

  /**
   * Classifies a Flyway failure: the server going away (restart, shutdown, connection limit, lost
   * connection, deadlock) is retried; a failing script, a refused login or a checksum mismatch is
   * not. {@code running} is the migration under way, if any; {@code report}, when known, names the
   * migrations that stay applied, and travels as the failure's details.
   */
  private static ApplicationFailure failure(
      FlywayException e,
      DatabaseSpec db,
      String password,
      MigrationInfo running,
      MigrationReport report) {
    Object[] details = report == null ? new Object[0] : new Object[] {report};
    SQLException transientError = transientCause(e);
    boolean serverFailed = transientError != null || connectionLost(e);
    // a lost connection can mask Flyway's own error, which then no longer names the migration
    FlywayMigrateException m = find(e, FlywayMigrateException.class);
    MigrationInfo failed = m != null && m.getMigration() != null ? m.getMigration() : running;
    boolean inTransaction = m != null ? m.isExecutableInTransaction() : transactional(failed);
    if (serverFailed && (failed == null || inTransaction)) {
      // PostgreSQL rolled the migration back, if one was running: running it again is safe
      String said =
          transientError != null
              ? "PostgreSQL said " + said(transientError)
              : "the connection failed: " + firstLine(rootCause(e).toString());
      if (failed != null) {
        return retryable(
            "migration "
                + failed.getScript()
                + " was interrupted and rolled back: "
                + said
                + ". The database failed (restart, shutdown, lost connection, connection limit or"
                + " deadlock), not the script: the step runs it again; should retries run out,"
                + " start a new release once the database is back",
            "DatabaseUnavailable",
            password,
            details);
      }
      if (transientError != null && transientError.getSQLState().startsWith("40")) {
        return retryable(
            "migrating "
                + db.url()
                + " met a transient conflict: "
                + said
                + "; the step runs again",
            "DatabaseUnavailable",
            password,
            details);
      }
      return retryable(
          "cannot reach the database at "
              + db.url()
              + " as "
              + db.user()
              + ": "
              + (transientError != null
                  ? said(transientError)
                  : firstLine(rootCause(e).toString())),
          "DatabaseUnreachable",
          password,
          details);
    }
    SQLException sql = sqlCause(e);
    String state = sql == null ? null : sql.getSQLState();
    String pg = sql == null ? null : firstLine(sql.getMessage());
    if (failed != null && (m != null || serverFailed)) {
      FlywaySqlScriptException scriptError = find(e, FlywaySqlScriptException.class);
      StringBuilder msg = new StringBuilder("migration " + failed.getScript() + " failed");
      if (scriptError != null && scriptError.getLineNumber() > 0)
        msg.append(" at line ").append(scriptError.getLineNumber());
      msg.append(
          inTransaction
              ? " and was rolled back"
              : " outside a transaction (it holds a non-transactional statement): its partial"
                  + " changes stay; undo them by hand, then run flyway repair");
      msg.append(": ")
          .append(pg != null ? "PostgreSQL said " + said(sql) : firstLine(e.getMessage()));
      if (scriptError != null && scriptError.getStatement() != null) {
        msg.append("; statement: ").append(oneLine(scriptError.getStatement(), 200));
      }
      msg.append(
          serverFailed
              ? ". The database failed, not the script; once it is back, start a new release."
              : ". Fix the script in " + db.migrations() + " and start a new release.");
      return nonRetryable(msg.toString(), password, details);
    }
    if ("28P01".equals(state) || "28000".equals(state)) {
      String how =
          db.passwordEnv() == null
              ? "no password is configured (database.passwordEnv is not set)"
              : "check the password in the env var " + db.passwordEnv() + " on the worker";
      return nonRetryable(
          "the database refused the login for user '"
              + db.user()
              + "' at "
              + db.url()
              + ": "
              + pg
              + "; "
              + how,
          password,
          details);
    }
    if ("3D000".equals(state)) {
      return nonRetryable(
          "the database in "
              + db.url()
              + " does not exist: "
              + pg
              + "; create it or fix database.url",
          password,
          details);
    }
    // e.g. validation: "Migration checksum mismatch for migration version 1 ... run repair" spans
    // several lines
    return nonRetryable(
        "migrating "
            + db.url()
            + " failed: "
            + (pg != null ? said(sql) : oneLine(String.valueOf(e.getMessage()), 800)),
        password,
        details);
  }

  /**
   * Whether Flyway runs {@code migration} in a transaction; unknown counts as no, so a person
   * looks.
   */
  static boolean transactional(MigrationInfo migration) {
    return migration instanceof MigrationInfoImpl i && i.canExecuteInTransaction();
  }

  private static ApplicationFailure retryable(
      String message, String type, String password, Object[] details) {
    return ApplicationFailure.newFailure(scrub(message, password), type, details);
  }

  /**
   * SQLSTATEs where the server, not the script, failed: connection exceptions (08), admin or crash
   * shutdown and "cannot connect now" (57P01-03), too many connections (53300), and serialization
   * failures and deadlocks (40001, 40P01), after which PostgreSQL has rolled the transaction back.
   */
  private static boolean transientState(String state) {
    if (state == null) return false;
    return state.startsWith("08")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03")
        || state.equals("53300")
        || state.equals("40001")
        || state.equals("40P01");
  }

  /**
   * The first SQLException in the cause chain whose SQLSTATE says the server failed; null if none.
   */
  private static SQLException transientCause(Throwable t) {
    for (Throwable c : chain(t)) {
      if (c instanceof SQLException s && transientState(s.getSQLState())) return s;
    }
    return null;
  }

  /** A socket-level failure without a SQLSTATE (the driver normally wraps these as 08001/08006). */
  private static boolean connectionLost(Throwable t) {
    return chain(t).stream()
        .anyMatch(
            c ->
                c instanceof ConnectException
                    || c instanceof SocketException
                    || c instanceof EOFException);
  }

  private static List<Throwable> chain(Throwable t) {
    List<Throwable> seen = new ArrayList<>();
    for (Throwable c = t; c != null && !seen.contains(c); c = c.getCause()) seen.add(c);
    return seen;
  }

  private static Throwable rootCause(Throwable t) {
    List<Throwable> all = chain(t);
    return all.get(all.size() - 1);
  }

  private static String said(SQLException sql) {
    String state = sql.getSQLState();
    return firstLine(sql.getMessage()) + (state == null ? "" : " [SQLSTATE " + state + "]");
  }

  private static ApplicationFailure nonRetryable(
      String message, String password, Object... details) {
    return ApplicationFailure.newNonRetryableFailure(
        scrub(message, password), "MigrationFailed", details);
  }

  /** Belt and braces: no driver message should hold the password, but none ever leaves with it. */
  static String scrub(String message, String password) {
    if (message == null || password == null || password.isEmpty()) return message;
    return message.replace(password, "********");
  }

  static SQLException sqlCause(Throwable t) {
    SQLException found = null;
    for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof SQLException s) found = s; // the innermost one is PostgreSQL's own
    }
    return found;
  }

  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    return chain(t).stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
  }

  private static String oneLine(String text, int max) {
    String t = text.strip().replaceAll("\\s+", " ");
    return t.length() <= max ? t : t.substring(0, max) + "...";
  }

  static String firstLine(String text) {
    if (text == null) return "";
    return text.strip().lines().findFirst().orElse("").strip();
  }

  /**
   * Remembers the migration Flyway is running: a lost connection can mask the error that names it.
   */
  private static final class RunningMigration extends BaseCallback {
    volatile MigrationInfo current;

    java.util.function.Supplier<MigrationInfo> supplier() {
      return () -> current;
    }

    @Override
    public boolean supports(Event event, Context context) {
      return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
      return false; // touches no database
    }

    @Override
    public void handle(Event event, Context context) {
      current = event == Event.BEFORE_EACH_MIGRATE ? context.getMigrationInfo() : null;
    }
  }
}
