package dev.greenlight.client.archive;

import dev.greenlight.api.model.ReleaseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The archive of ended releases, the one place that reads and writes it: table {@code
 * greenlight.releases} in a PostgreSQL database, in a schema of its own that Flyway manages with
 * its own history table ({@code greenlight.flyway_schema_history}), so it can share a database with
 * an application's schema.
 *
 * <pre>{@code
 * ReleaseArchive archive = ReleaseArchive.open(settings, System::getenv);
 * archive.migrate();
 * archive.store(ArchivedRelease.of(runId, history, status)); // false when it was archived already
 * archive.find(id);      // the CLI: one release's history when Temporal no longer has it
 * archive.latest(100);   // the CLI: list --all
 * }</pre>
 *
 * Every call opens its own short connection: the archive is written a few times a day. Failures are
 * {@link ArchiveException}s whose messages never hold the password.
 */
public final class ReleaseArchive {
  /** The schema that holds the archive and its Flyway history. */
  public static final String SCHEMA = "greenlight";

  /** Where the migrations are, on the classpath. */
  public static final String MIGRATIONS = "classpath:db/greenlight";

  private final ArchiveSettings settings;
  private final String password;

  private ReleaseArchive(ArchiveSettings settings, String password) {
    this.settings = settings;
    this.password = password;
  }

  /**
   * The archive these settings point at; nothing is connected yet.
   *
   * @param environment where the password env var is read (the process environment, or a test's)
   * @throws IllegalArgumentException when the settings are unusable (the message names the option)
   */
  public static ReleaseArchive open(ArchiveSettings settings, UnaryOperator<String> environment) {
    String problem = settings.problem(environment);
    if (problem != null) throw new IllegalArgumentException(problem);
    return new ReleaseArchive(settings, settings.password(environment));
  }

  /** "URL as USER", for messages; never the password. */
  public String describe() {
    return settings.describe();
  }

  /**
   * Creates or updates the archive's schema (idempotent; safe when several workers start at once:
   * Flyway takes a lock). Returns the schema version now.
   */
  public String migrate() {
    try {
      Flyway flyway =
          Flyway.configure(ReleaseArchive.class.getClassLoader())
              .dataSource(settings.url(), settings.user(), password)
              .schemas(SCHEMA)
              .defaultSchema(SCHEMA)
              .createSchemas(true)
              .table("flyway_schema_history")
              .locations(MIGRATIONS)
              .baselineOnMigrate(false)
              .cleanDisabled(true)
              .connectRetries(0) // the archiver tries again on its next round
              .load();
      flyway.migrate();
      var current = flyway.info().current();
      return current == null || current.getVersion() == null
          ? "none"
          : current.getVersion().getVersion();
    } catch (FlywayException e) {
      SQLException sql = sqlCause(e);
      if (sql != null) throw failure("migrating", sql);
      throw new ArchiveException(
          scrub("migrating the archive at " + describe() + " failed: " + firstLine(e.getMessage())),
          true,
          null);
    }
  }

  /** Which of {@code ids} are archived already. */
  public Set<String> archivedAmong(Collection<String> ids) {
    Set<String> found = new HashSet<>();
    if (ids.isEmpty()) return found;
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("SELECT id FROM greenlight.releases WHERE id = ANY (?)")) {
      s.setArray(1, c.createArrayOf("text", ids.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) found.add(rs.getString(1));
      }
      return found;
    } catch (SQLException e) {
      throw failure("reading", e);
    }
  }

  /**
   * Archives a release unless it is there already (the first copy wins: a release's history no
   * longer changes once it ended). Returns true when this call stored it.
   */
  public boolean store(ArchivedRelease r) {
    String sql =
        "INSERT INTO greenlight.releases (id, run_id, app, version, state, outcome, started_at,"
            + " ended_at, status, history, history_sha256, report_md) VALUES (?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?::jsonb, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, r.id());
      s.setString(2, r.runId());
      s.setString(3, r.app() == null ? "?" : r.app());
      s.setString(4, r.version() == null ? "?" : r.version());
      s.setString(5, r.state());
      s.setString(6, r.outcome());
      setInstant(s, 7, r.startedAt());
      setInstant(s, 8, r.endedAt());
      s.setString(9, r.statusJson());
      s.setString(10, r.historyJson());
      s.setString(11, sha256(r.historyJson()));
      s.setString(12, r.reportMarkdown());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure("writing to", e);
    }
  }

  /** The archived release with this id, if any. */
  public Optional<ArchivedRelease> find(String id) {
    String sql =
        "SELECT id, run_id, app, version, state, outcome, started_at, ended_at, status::text,"
            + " history, report_md, archived_at FROM greenlight.releases WHERE id = ?";
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(
            new ArchivedRelease(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                instant(rs, 7),
                instant(rs, 8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                instant(rs, 12)));
      }
    } catch (SQLException e) {
      throw failure("reading", e);
    }
  }

  /** The final statuses of the {@code limit} latest archived releases, newest first. */
  public List<ReleaseStatus> latest(int limit) {
    List<ReleaseStatus> out = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, status::text FROM greenlight.releases ORDER BY started_at DESC NULLS"
                    + " LAST, id LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) out.add(ArchivedRelease.readStatus(rs.getString(1), rs.getString(2)));
      }
      return out;
    } catch (SQLException e) {
      throw failure("reading", e);
    }
  }

  /** The hex SHA-256 of a history, as stored in {@code history_sha256}. */
  public static String sha256(String history) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(history.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    if (settings.user() != null) p.setProperty("user", settings.user());
    if (password != null) p.setProperty("password", password);
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    p.setProperty("ApplicationName", "greenlight-archive");
    return DriverManager.getConnection(settings.url(), p);
  }

  private ArchiveException failure(String doing, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String pg = firstLine(e.getMessage());
    String where = "the archive at " + describe();
    String message;
    boolean permanent = true;
    if (state.startsWith("08")) {
      message =
          "cannot reach " + where + ": " + pg + "; is the database up and --archive-url right?";
      permanent = false;
    } else if (state.equals("28P01") || state.equals("28000")) {
      message =
          where
              + " refused the login: "
              + pg
              + "; "
              + (settings.passwordEnv() == null
                  ? "no password is configured (--archive-password-env)"
                  : "check the password in the env var " + settings.passwordEnv());
    } else if (state.equals("3D000")) {
      message =
          "the database of "
              + where
              + " does not exist: "
              + pg
              + "; create it or fix --archive-url";
    } else if (state.equals("42P01") || state.equals("3F000")) {
      message =
          where
              + " has no greenlight.releases table yet: "
              + pg
              + "; a worker started with --archive-url creates it";
    } else if (state.equals("42501")) {
      message =
          where
              + ": permission denied ("
              + pg
              + "); grant the user CREATE on the database, or create schema "
              + SCHEMA
              + " owned by it";
    } else {
      message =
          doing
              + " "
              + where
              + " failed: "
              + pg
              + (state.isEmpty() ? "" : " [SQLSTATE " + state + "]");
    }
    return new ArchiveException(
        scrub(message), permanent, null); // no cause: driver messages are not ours to vouch for
  }

  /** Belt and braces: no driver message should hold the password, but none ever leaves with it. */
  private String scrub(String message) {
    if (message == null || password == null || password.isEmpty()) return message;
    return message.replace(password, "********");
  }

  private static void setInstant(PreparedStatement s, int i, Instant at) throws SQLException {
    if (at == null) s.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    else s.setObject(i, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
  }

  private static Instant instant(ResultSet rs, int i) throws SQLException {
    OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static SQLException sqlCause(Throwable t) {
    SQLException found = null;
    for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof SQLException s) found = s; // the innermost one is PostgreSQL's own
    }
    return found;
  }

  private static String firstLine(String text) {
    if (text == null) return "";
    return text.strip().lines().findFirst().orElse("").strip();
  }
}
