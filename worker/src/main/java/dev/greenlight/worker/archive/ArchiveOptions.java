package dev.greenlight.worker.archive;

import dev.greenlight.api.spec.Durations;
import dev.greenlight.client.archive.ArchiveSettings;
import dev.greenlight.client.archive.ReleaseArchive;
import java.time.Duration;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --archive-url}, {@code --archive-user}, {@code --archive-password-env} and {@code
 * --archive-interval} of {@code greenlight worker}: where ended releases are archived. Without
 * {@code --archive-url} nothing is archived.
 */
public final class ArchiveOptions {
  @Option(names = "--archive-url", paramLabel = "JDBC", defaultValue = "${env:" + ArchiveSettings.URL_ENV + "}",
      description = {"Archive ended releases (history, report, status) to this PostgreSQL,",
          "e.g. jdbc:postgresql://db:5432/greenlight; schema greenlight is created (env " + ArchiveSettings.URL_ENV + ")."})
  String url;

  @Option(names = "--archive-user", paramLabel = "USER", defaultValue = "${env:" + ArchiveSettings.USER_ENV + "}",
      description = "Archive database user (env " + ArchiveSettings.USER_ENV + ").")
  String user;

  @Option(names = "--archive-password-env", paramLabel = "ENV",
      defaultValue = "${env:" + ArchiveSettings.PASSWORD_ENV_ENV + "}",
      description = {"Env var holding the archive user's password (env " + ArchiveSettings.PASSWORD_ENV_ENV + ");",
          "none: trust or .pgpass authentication."})
  String passwordEnv;

  @Option(names = "--archive-interval", paramLabel = "DURATION", defaultValue = "5s",
      description = "How often to look for ended releases (default: ${DEFAULT-VALUE}).")
  String interval;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** True when {@code --archive-url} (or its env var) is given. */
  public boolean enabled() {
    return url != null && !url.isBlank();
  }

  /**
   * The archive these options point at, or null when none is configured. Nothing is connected yet.
   *
   * @throws ParameterException when the options are unusable (exit 2), e.g. the password env var is unset
   */
  public ReleaseArchive open(UnaryOperator<String> environment) {
    if (!enabled()) return null;
    interval(); // a bad interval is a usage mistake too, found before anything starts
    try {
      return ReleaseArchive.open(new ArchiveSettings(url.trim(), blankToNull(user), blankToNull(passwordEnv)), environment);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage());
    }
  }

  /** {@code --archive-interval}. */
  public Duration interval() {
    Duration every;
    try {
      every = Durations.parse(interval);
    } catch (RuntimeException e) {
      throw new ParameterException(mixee.commandLine(), "--archive-interval: '" + interval + "' is not a duration like 5s");
    }
    if (every.toMillis() < 100) throw new ParameterException(mixee.commandLine(), "--archive-interval: must be at least 100ms");
    return every;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
