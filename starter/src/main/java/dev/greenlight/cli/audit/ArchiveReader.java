package dev.greenlight.cli.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.api.model.ReleaseStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads the release archive ({@code greenlight.releases}, written by the workers) for the CLI:
 * one release's history, or the latest releases' final statuses. Read only; messages never hold
 * the password.
 */
public final class ArchiveReader {
  private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * An archived release.
   *
   * @param historyJson its workflow history, as {@code audit export} writes it
   * @param status its final status, as {@code status --json} showed it
   */
  public record Entry(String id, String historyJson, ReleaseStatus status) {}

  private final String url;
  private final String user;
  private final String password;
  private final String passwordEnv;

  ArchiveReader(String url, String user, String password, String passwordEnv) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.passwordEnv = passwordEnv;
  }

  /** "URL as USER", for messages. */
  public String describe() {
    return redact(url) + (user == null ? "" : " as " + user);
  }

  /** The archived release with this id, if any. */
  public Optional<Entry> find(String id) {
    try (Connection c = connect();
         PreparedStatement s = c.prepareStatement("SELECT id, history, status::text FROM greenlight.releases WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new Entry(rs.getString(1), rs.getString(2), status(rs.getString(3))));
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** The final statuses of the {@code limit} latest archived releases, newest first. */
  public List<ReleaseStatus> latest(int limit) {
    List<ReleaseStatus> out = new ArrayList<>();
    try (Connection c = connect();
         PreparedStatement s = c.prepareStatement(
             "SELECT status::text FROM greenlight.releases ORDER BY started_at DESC NULLS LAST, id LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) out.add(status(rs.getString(1)));
      }
      return out;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static ReleaseStatus status(String json) {
    try {
      return JSON.readValue(json, ReleaseStatus.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an archived status is not readable: " + e.getOriginalMessage(), e);
    }
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    if (user != null) p.setProperty("user", user);
    if (password != null) p.setProperty("password", password);
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    p.setProperty("readOnly", "true");
    p.setProperty("ApplicationName", "greenlight-cli");
    return DriverManager.getConnection(url, p);
  }

  private IllegalStateException failure(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String pg = e.getMessage() == null ? "" : e.getMessage().strip().lines().findFirst().orElse("");
    String where = "the archive at " + describe();
    String message;
    if (state.startsWith("08")) {
      message = "cannot reach " + where + ": " + pg + "; is the database up and --archive-url right?";
    } else if (state.equals("28P01") || state.equals("28000")) {
      message = where + " refused the login: " + pg + "; "
          + (passwordEnv == null ? "no password is given (--archive-password-env)" : "check the password in the env var " + passwordEnv);
    } else if (state.equals("42P01") || state.equals("3F000")) {
      message = where + " has no greenlight.releases table: no worker has archived to it (greenlight worker --archive-url)";
    } else {
      message = "reading " + where + " failed: " + pg + (state.isEmpty() ? "" : " [SQLSTATE " + state + "]");
    }
    if (password != null && !password.isEmpty()) message = message.replace(password, "********");
    return new IllegalStateException(message);
  }

  /** A JDBC URL without its query string, which could carry a password. */
  static String redact(String jdbc) {
    int q = jdbc.indexOf('?');
    return q < 0 ? jdbc : jdbc.substring(0, q);
  }
}
