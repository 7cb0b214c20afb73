package dev.greenlight.cli;

import dev.greenlight.client.cli.Connector;
import dev.greenlight.client.cli.PluggableCommand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Builds the {@code greenlight} command line: the {@code @Command(subcommands = ...)} tree of
 * {@link GreenlightCommand}, plus the {@link PluggableCommand}s on the class path ({@code dev} and
 * {@code demo} from greenlight-devstack.jar), with the contract's exit codes installed.
 *
 * <pre>{@code
 * System.exit(GreenlightCli.commandLine().execute(args));
 * }</pre>
 */
public final class GreenlightCli {
  /** Help lists commands in the contract's order; unknown extras go last. */
  private static final List<String> ORDER =
      List.of(
          "worker",
          "dev",
          "demo",
          "validate",
          "start",
          "status",
          "list",
          "watch",
          "approve",
          "reject",
          "abort",
          "audit",
          "codec-server");

  /** Commands that only the development stack brings; without it they say so. */
  private static final List<String> DEVELOPMENT_ONLY = List.of("dev", "demo");

  private static final String QUIET = CliLogConfigurator.PROPERTY;

  private GreenlightCli() {}

  /** The command line with commands that connect to the Temporal at --temporal. */
  public static CommandLine commandLine() {
    return commandLine(Connector.DIRECT);
  }

  /**
   * The command line with commands that open their Temporal connection through {@code connector}.
   */
  public static CommandLine commandLine(Connector connector) {
    return commandLine(connector, true);
  }

  /**
   * As {@link #commandLine(Connector)}; without {@code pluggables} the development stack's commands
   * are not loaded (a built-in command such as {@code status} does not need their classes).
   */
  static CommandLine commandLine(Connector connector, boolean pluggables) {
    CommandLine top = new CommandLine(new GreenlightCommand(connector));
    List<CommandLine> subs = new ArrayList<>(top.getSubcommands().values());
    if (pluggables) {
      for (PluggableCommand command : ServiceLoader.load(PluggableCommand.class))
        subs.add(new CommandLine(command));
    }
    for (String name : DEVELOPMENT_ONLY) {
      if (subs.stream().noneMatch(c -> c.getCommandName().equals(name))) subs.add(missing(name));
    }
    subs.sort(Comparator.comparingInt(GreenlightCli::rank));
    for (CommandLine sub : List.copyOf(top.getSubcommands().values()))
      top.getCommandSpec().removeSubcommand(sub.getCommandName());
    for (CommandLine sub : subs) top.addSubcommand(sub.getCommandName(), sub);

    FailureReporter reporter = new FailureReporter();
    top.setExecutionExceptionHandler(reporter);
    top.setParameterExceptionHandler(reporter);
    return top;
  }

  /**
   * The command line with the one built-in command called {@code name} under the top command, as
   * {@link #commandLine(Connector)} builds it; null when {@code name} is not a built-in command
   * (dev, demo, an option, a typo: those need the whole tree for their help or error).
   */
  static CommandLine only(Connector connector, String name) {
    if (name.startsWith("-")) return null;
    for (Class<?> type : GreenlightCommand.class.getAnnotation(Command.class).subcommands()) {
      Command command = type.getAnnotation(Command.class);
      if (command == null
          || !(command.name().equals(name) || List.of(command.aliases()).contains(name))) continue;
      // an operator command logs quietly: configured in code, logback.xml not even read
      if (OperatorCommand.class.isAssignableFrom(type) && System.getProperty(QUIET) == null)
        System.setProperty(QUIET, "true");
      CommandSpec topSpec =
          CommandSpec.wrapWithoutInspection(new GreenlightCommand(connector)).name("greenlight");
      CommandLine top = new CommandLine(topSpec);
      top.addSubcommand(command.name(), new CommandLine(type));
      FailureReporter reporter = new FailureReporter();
      top.setExecutionExceptionHandler(reporter);
      top.setParameterExceptionHandler(reporter);
      return top;
    }
    return null;
  }

  /** A stand-in for a development-only command that this class path does not have. */
  private static CommandLine missing(String name) {
    Callable<Integer> explain =
        () -> {
          System.err.println(
              "greenlight "
                  + name
                  + ": not in this jar: it needs the development stack (greenlight-devstack.jar)"
                  + " on the class path; bin/greenlight in a source checkout adds it");
          return ExitCodes.USAGE;
        };
    CommandSpec spec = CommandSpec.wrapWithoutInspection(explain).name(name);
    spec.usageMessage()
        .description("Development only: needs greenlight-devstack.jar (bin/greenlight adds it).");
    spec.parser().unmatchedArgumentsAllowed(true);
    return new CommandLine(spec);
  }

  private static int rank(CommandLine cmd) {
    int i = ORDER.indexOf(cmd.getCommandName());
    return i < 0 ? ORDER.size() : i;
  }

  /** Runs {@code greenlight ARGS} and returns its exit code, without exiting. */
  public static int run(String... args) {
    // `greenlight status ...` starts faster with only its own command built: picocli inspects
    // every option of every command it is given, and cannot keep that work in the CDS archive
    CommandLine cli = args.length == 0 ? null : only(Connector.DIRECT, args[0]);
    if (cli == null) cli = commandLine(); // dev, demo, help, a typo: everything
    return cli.execute(args);
  }

  /** Runs {@code greenlight ARGS} and exits with its code. */
  public static void main(String[] args) {
    int code = 1;
    try {
      code = run(args);
    } catch (Throwable t) {
      // an Error escaping picocli must still end the process: embedded servers hold non-daemon
      // threads
      System.err.println("greenlight: unexpected failure: " + t);
      if (FailureReporter.debug()) t.printStackTrace();
    } finally {
      System.exit(code);
    }
  }
}
