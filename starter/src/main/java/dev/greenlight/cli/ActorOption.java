package dev.greenlight.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --as NAME}: who runs the command; defaults to GREENLIGHT_USER, then the OS user name. */
public final class ActorOption {
  public static final String USER_ENV = "GREENLIGHT_USER";

  @Option(names = "--as", paramLabel = "NAME",
      description = "Who you are (default: env " + USER_ENV + ", else the OS user, ${sys:user.name}).")
  private String as;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  /**
   * The name given with --as, else GREENLIGHT_USER, else the OS user name.
   *
   * @throws ParameterException when --as is given empty (exit 2)
   */
  public String name() {
    if (as != null) {
      if (as.isBlank()) throw new ParameterException(mixee.commandLine(), "--as: the name must not be empty");
      return as.trim();
    }
    String env = System.getenv(USER_ENV);
    if (env != null && !env.isBlank()) return env.trim();
    return System.getProperty("user.name");
  }
}
