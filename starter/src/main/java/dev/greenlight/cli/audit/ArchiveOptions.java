package dev.greenlight.cli.audit;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --archive-url}, {@code --archive-user}, {@code --archive-password-env}: the PostgreSQL
 * archive the workers write ended releases to ({@code greenlight worker --archive-url}), read when
 * Temporal no longer has a release. Mix it in with {@code @Mixin ArchiveOptions archive}.
 */
public final class ArchiveOptions {
  /** Env var defaults, the same as the worker's. */
  public static final String URL_ENV = "GREENLIGHT_ARCHIVE_URL";
  public static final String USER_ENV = "GREENLIGHT_ARCHIVE_USER";
  public static final String PASSWORD_ENV_ENV = "GREENLIGHT_ARCHIVE_PASSWORD_ENV";

  @Option(names = "--archive-url", paramLabel = "JDBC", defaultValue = "${env:" + URL_ENV + "}",
      description = "The release archive, e.g. jdbc:postgresql://db:5432/greenlight (env " + URL_ENV + ").")
  private String url;

  @Option(names = "--archive-user", paramLabel = "USER", defaultValue = "${env:" + USER_ENV + "}",
      description = "Archive database user (env " + USER_ENV + ").")
  private String user;

  @Option(names = "--archive-password-env", paramLabel = "ENV", defaultValue = "${env:" + PASSWORD_ENV_ENV + "}",
      description = "Env var holding that user's password (env " + PASSWORD_ENV_ENV + "); none: trust or .pgpass.")
  private String passwordEnv;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  /** True when an archive is given. */
  public boolean configured() {
    return url != null && !url.isBlank();
  }

  /**
   * The archive, ready to read.
   *
   * @throws ParameterException when none is given, or the URL or password variable is unusable (exit 2)
   */
  public ArchiveReader open() {
    if (!configured()) throw usage("--archive-url: required to read the archive (or set " + URL_ENV + ")");
    String jdbc = url.trim();
    if (!jdbc.startsWith("jdbc:postgresql://")) {
      throw usage("--archive-url: '" + ArchiveReader.redact(jdbc) + "' is not a jdbc:postgresql:// URL");
    }
    String env = passwordEnv == null || passwordEnv.isBlank() ? null : passwordEnv.trim();
    String password = env == null ? null : System.getenv(env);
    if (env != null && password == null) {
      throw usage("--archive-password-env: the env var " + env + " is not set; set it to the archive user's password");
    }
    return new ArchiveReader(jdbc, user == null || user.isBlank() ? null : user.trim(), password, env);
  }

  private ParameterException usage(String message) {
    return new ParameterException(mixee.commandLine(), message);
  }
}
