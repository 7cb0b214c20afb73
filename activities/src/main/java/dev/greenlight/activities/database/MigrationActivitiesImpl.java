package dev.greenlight.activities.database;

import dev.greenlight.activities.BackgroundHeartbeat;
import dev.greenlight.workflows.activities.MigrationActivities;
import dev.greenlight.workflows.activities.MigrationReport;
import dev.greenlight.workflows.activities.ReleaseContext;
import dev.greenlight.workflows.model.AppliedMigration;
import dev.greenlight.workflows.spec.DatabaseSpec;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
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
          "migrations folder " + folder + " does not exist on the worker; the worker must see the same files as the spec",
          "MigrationFailed");
    }
    // a killed worker is noticed by its missing heartbeats, not after the 30-minute start-to-close timeout
    try (BackgroundHeartbeat beat = BackgroundHeartbeat.start(Activity.getExecutionContext(), "migrating")) {
      FluentConfiguration config = Flyway.configure(MigrationActivitiesImpl.class.getClassLoader())
          .dataSource(db.url(), db.user(), password)
          .locations("filesystem:" + folder)
          .mixed(true)
          .baselineOnMigrate(false)
          .cleanDisabled(true)
          .connectRetries(0); // Temporal retries a database that is not up yet
      // Off, or CREATE INDEX CONCURRENTLY waits forever on Flyway's own transaction-level lock
      config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
      Flyway flyway = config.load();
      int before = lastRank(flyway.info().applied());
      flyway.migrate();
      MigrationInfo[] applied = flyway.info().applied();
      List<AppliedMigration> now = Arrays.stream(applied)
          .filter(m -> m.getInstalledRank() != null && m.getInstalledRank() > before)
          .sorted(Comparator.comparing(MigrationInfo::getInstalledRank))
          .map(m -> new AppliedMigration(
              m.getVersion() == null ? null : m.getVersion().getVersion(),
              m.getDescription(), m.getScript(), m.getChecksum()))
          .toList();
      MigrationInfo current = flyway.info().current();
      String version = current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
      return new MigrationReport(now, version, detail(now, version));
    } catch (FlywayException e) {
      throw failure(e, db, password);
    }
  }

  private String password(DatabaseSpec db) {
    if (db.passwordEnv() == null) return null; // trust or .pgpass authentication
    String value = environment.apply(db.passwordEnv());
    if (value == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the database password is read from the env var " + db.passwordEnv()
              + ", which is not set in the worker's environment: set it where the worker runs and restart the worker",
          "MigrationFailed");
    }
    return value;
  }

  private static int lastRank(MigrationInfo[] applied) {
    return Arrays.stream(applied).map(MigrationInfo::getInstalledRank)
        .filter(r -> r != null).mapToInt(Integer::intValue).max().orElse(0);
  }

  private static String detail(List<AppliedMigration> applied, String version) {
    String at = version == null ? "no versioned migration" : "version " + version;
    if (applied.isEmpty()) return "schema already at " + at + "; nothing to apply";
    return "applied " + applied.stream()
        .map(m -> (m.version() == null ? "R" : "V" + m.version()) + " (" + m.description() + ")")
        .collect(Collectors.joining(", ")) + "; schema now at " + at;
  }

  private static ApplicationFailure failure(FlywayException e, DatabaseSpec db, String password) {
    SQLException sql = sqlCause(e);
    String state = sql == null ? null : sql.getSQLState();
    String pg = sql == null ? null : firstLine(sql.getMessage());
    String where = db.url() + " as " + db.user();
    if (e instanceof FlywayMigrateException m) {
      String script = m.getMigration() == null ? "a migration" : m.getMigration().getScript();
      FlywaySqlScriptException scriptError = find(e, FlywaySqlScriptException.class);
      StringBuilder msg = new StringBuilder("migration " + script + " failed");
      if (scriptError != null && scriptError.getLineNumber() > 0) msg.append(" at line ").append(scriptError.getLineNumber());
      msg.append(m.isExecutableInTransaction()
          ? " and was rolled back"
          : " outside a transaction (it holds a non-transactional statement): its partial changes stay; undo them by hand, then run flyway repair");
      msg.append(": ").append(pg != null ? "PostgreSQL said " + pg + (state == null ? "" : " [SQLSTATE " + state + "]") : firstLine(e.getMessage()));
      if (scriptError != null && scriptError.getStatement() != null) {
        msg.append("; statement: ").append(oneLine(scriptError.getStatement(), 200));
      }
      msg.append(". Fix the script in ").append(db.migrations()).append(" and start a new release.");
      return nonRetryable(msg.toString(), password);
    }
    if (state != null && state.startsWith("08")) {
      // connection refused or broken: the database may be restarting
      return ApplicationFailure.newFailure(scrub("cannot reach the database at " + where + ": " + pg, password), "DatabaseUnreachable");
    }
    if ("28P01".equals(state) || "28000".equals(state)) {
      String how = db.passwordEnv() == null
          ? "no password is configured (database.passwordEnv is not set)"
          : "check the password in the env var " + db.passwordEnv() + " on the worker";
      return nonRetryable("the database refused the login for user '" + db.user() + "' at " + db.url() + ": " + pg + "; " + how, password);
    }
    if ("3D000".equals(state)) {
      return nonRetryable("the database in " + db.url() + " does not exist: " + pg + "; create it or fix database.url", password);
    }
    // e.g. validation: "Migration checksum mismatch for migration version 1 ... run repair" spans several lines
    return nonRetryable("migrating " + db.url() + " failed: "
        + (pg != null ? pg + (state == null ? "" : " [SQLSTATE " + state + "]") : oneLine(String.valueOf(e.getMessage()), 800)), password);
  }

  private static ApplicationFailure nonRetryable(String message, String password) {
    return ApplicationFailure.newNonRetryableFailure(scrub(message, password), "MigrationFailed");
  }

  /** Belt and braces: no driver message should hold the password, but none ever leaves with it. */
  static String scrub(String message, String password) {
    if (message == null || password == null || password.isEmpty()) return message;
    return message.replace(password, "********");
  }

  private static SQLException sqlCause(Throwable t) {
    SQLException found = null;
    for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof SQLException s) found = s; // the innermost one is PostgreSQL's own
    }
    return found;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    List<Throwable> seen = new ArrayList<>();
    for (Throwable c = t; c != null && !seen.contains(c); c = c.getCause()) {
      seen.add(c);
      if (type.isInstance(c)) return type.cast(c);
    }
    return null;
  }

  private static String oneLine(String text, int max) {
    String t = text.strip().replaceAll("\\s+", " ");
    return t.length() <= max ? t : t.substring(0, max) + "...";
  }

  private static String firstLine(String text) {
    if (text == null) return "";
    return text.strip().lines().findFirst().orElse("").strip();
  }
}
