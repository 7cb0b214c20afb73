package dev.greenlight.client.archive;

import java.util.function.UnaryOperator;

/**
 * Where ended releases are archived: a PostgreSQL database, the user Greenlight logs in as, and the
 * env var that holds that user's password (the password itself is never an option, so it never
 * shows in a process list, a spec or a history).
 *
 * @param url {@code jdbc:postgresql://HOST:PORT/DB}
 * @param user the database user; null lets the driver choose (e.g. the OS user)
 * @param passwordEnv the env var holding the password; null for trust or .pgpass authentication
 */
public record ArchiveSettings(String url, String user, String passwordEnv) {
  /** Default of {@code --archive-url}. */
  public static final String URL_ENV = "GREENLIGHT_ARCHIVE_URL";

  /** Default of {@code --archive-user}. */
  public static final String USER_ENV = "GREENLIGHT_ARCHIVE_USER";

  /** Default of {@code --archive-password-env}. */
  public static final String PASSWORD_ENV_ENV = "GREENLIGHT_ARCHIVE_PASSWORD_ENV";

  /** The problem with these settings, for the option it concerns, or null when they are usable. */
  public String problem(UnaryOperator<String> environment) {
    if (url == null || url.isBlank()) return "--archive-url: a jdbc:postgresql:// URL is required";
    if (!url.startsWith("jdbc:postgresql://")) {
      return "--archive-url: '" + redacted() + "' is not a jdbc:postgresql:// URL";
    }
    if (passwordEnv != null
        && !passwordEnv.isBlank()
        && environment.apply(passwordEnv.trim()) == null) {
      return "--archive-password-env: the env var "
          + passwordEnv.trim()
          + " is not set; set it to the password of "
          + (user == null ? "the archive user" : "'" + user + "'")
          + " where Greenlight runs";
    }
    return null;
  }

  /** The password, read from {@link #passwordEnv} through {@code environment}; null without one. */
  public String password(UnaryOperator<String> environment) {
    if (passwordEnv == null || passwordEnv.isBlank()) return null;
    return environment.apply(passwordEnv.trim());
  }

  /** The URL without its query string (which could carry a password), for messages. */
  public String redacted() {
    if (url == null) return "";
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  /** "URL as USER", for messages and logs; never holds the password. */
  public String describe() {
    return redacted() + (user == null || user.isBlank() ? "" : " as " + user);
  }
}
