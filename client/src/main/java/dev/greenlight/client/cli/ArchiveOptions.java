package dev.greenlight.client.cli;

import dev.greenlight.client.archive.ArchiveSettings;
import dev.greenlight.client.archive.ReleaseArchive;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --archive-url}, {@code --archive-user}, {@code --archive-password-env}: the PostgreSQL
 * archive of ended releases ({@code greenlight.releases}). {@code greenlight worker} writes to it;
 * {@code audit export}, {@code audit report} and {@code list --all} read it when Temporal no longer
 * has a release. Mix it in with {@code @Mixin ArchiveOptions archive}.
 */
public final class ArchiveOptions {
  @Option(
      names = "--archive-url",
      paramLabel = "JDBC",
      defaultValue = "${env:" + ArchiveSettings.URL_ENV + "}",
      description = {
        "The release archive, a PostgreSQL database, e.g. jdbc:postgresql://db:5432/greenlight",
        "(env "
            + ArchiveSettings.URL_ENV
            + "): workers store ended releases there (schema greenlight),",
        "the other commands read it when Temporal no longer has a release."
      })
  private String url;

  @Option(
      names = "--archive-user",
      paramLabel = "USER",
      defaultValue = "${env:" + ArchiveSettings.USER_ENV + "}",
      description = "Archive database user (env " + ArchiveSettings.USER_ENV + ").")
  private String user;

  @Option(
      names = "--archive-password-env",
      paramLabel = "ENV",
      defaultValue = "${env:" + ArchiveSettings.PASSWORD_ENV_ENV + "}",
      description = {
        "Env var holding the archive user's password (env "
            + ArchiveSettings.PASSWORD_ENV_ENV
            + ");",
        "none: trust or .pgpass authentication."
      })
  private String passwordEnv;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  /** True when {@code --archive-url} (or its env var) is given. */
  public boolean configured() {
    return url != null && !url.isBlank();
  }

  /** {@link #open(UnaryOperator)} with the process environment. */
  public ReleaseArchive open() {
    return open(System::getenv);
  }

  /**
   * The archive these options point at; nothing is connected yet.
   *
   * @param environment where the password env var is read (the process environment, or a test's)
   * @throws ParameterException when none is given, or the URL or password variable is unusable
   *     (exit 2)
   */
  public ReleaseArchive open(UnaryOperator<String> environment) {
    if (!configured()) {
      throw new ParameterException(
          mixee.commandLine(),
          "--archive-url: required to read the archive (or set " + ArchiveSettings.URL_ENV + ")");
    }
    try {
      return ReleaseArchive.open(
          new ArchiveSettings(url.trim(), blankToNull(user), blankToNull(passwordEnv)),
          environment);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
