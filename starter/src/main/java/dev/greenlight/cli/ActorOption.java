package dev.greenlight.cli;

import dev.greenlight.api.model.Decision;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --as NAME}: who runs the command; defaults to GREENLIGHT_USER, then the OS user name. */
public final class ActorOption {
  public static final String USER_ENV = "GREENLIGHT_USER";

  @Option(
      names = "--as",
      paramLabel = "NAME",
      description =
          "Who you are (default: env " + USER_ENV + ", else the OS user, ${sys:user.name}).")
  private String as;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  /**
   * The name given with --as, else GREENLIGHT_USER, else the OS user name.
   *
   * @throws ParameterException when the name is empty or one the workflow would refuse (at most 64
   *     letters, digits, spaces and {@code . _ @ + ' -}): exit 2
   */
  public String name() {
    if (as != null) {
      if (as.isBlank())
        throw new ParameterException(mixee.commandLine(), "--as: the name must not be empty");
      return valid("--as", as.trim());
    }
    String env = System.getenv(USER_ENV);
    if (env != null && !env.isBlank()) return valid("--as (from " + USER_ENV + ")", env.trim());
    return valid("--as (the OS user name)", System.getProperty("user.name"));
  }

  private String valid(String source, String name) {
    String why = Decision.nameProblem(name);
    if (why != null) throw new ParameterException(mixee.commandLine(), source + ": " + why);
    return name;
  }
}
