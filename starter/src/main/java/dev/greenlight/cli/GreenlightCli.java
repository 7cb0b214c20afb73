package dev.greenlight.cli;

import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.Connector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;

/**
 * Builds the {@code greenlight} command line: the operator commands of this module plus the ones
 * other modules bring (worker, dev, demo, audit), with the contract's exit codes installed.
 *
 * <pre>{@code
 * int code = GreenlightCli.commandLine(List.of(new WorkerCommand(), new DevCommand(), new DemoCommand()))
 *     .execute(args);
 * System.exit(code);
 * }</pre>
 */
public final class GreenlightCli {
  /** Help lists commands in the contract's order; unknown extras go last. */
  private static final List<String> ORDER = List.of(
      "worker", "dev", "demo", "validate", "start", "status", "list", "watch", "approve", "reject", "abort", "audit");

  private GreenlightCli() {}

  /** The command line with commands that connect to the Temporal at --temporal. */
  public static CommandLine commandLine(List<Object> extraSubcommands) {
    return commandLine(extraSubcommands, TemporalConnection::connect);
  }

  /**
   * The command line with commands that open their Temporal connection through {@code connector}.
   *
   * @param extraSubcommands {@code @Command}-annotated objects (or classes) to add as subcommands
   */
  public static CommandLine commandLine(List<Object> extraSubcommands, Connector connector) {
    CommandLine top = new CommandLine(new GreenlightCommand(connector));
    List<CommandLine> subs = new ArrayList<>();
    for (Object command : operatorCommands()) subs.add(new CommandLine(command));
    for (Object command : extraSubcommands) subs.add(new CommandLine(command));
    subs.sort(Comparator.comparingInt(GreenlightCli::rank));
    for (CommandLine sub : subs) top.addSubcommand(sub.getCommandName(), sub);

    FailureReporter reporter = new FailureReporter();
    top.setExecutionExceptionHandler(reporter);
    top.setParameterExceptionHandler(reporter);
    return top;
  }

  private static List<Object> operatorCommands() {
    return List.of(new ValidateCommand(), new StartCommand(), new StatusCommand(), new ListCommand(),
        new WatchCommand(), new ApproveCommand(), new RejectCommand(), new AbortCommand(), new AuditCommand());
  }

  private static int rank(CommandLine cmd) {
    int i = ORDER.indexOf(cmd.getCommandName());
    return i < 0 ? ORDER.size() : i;
  }

  /** Runs the operator commands alone (the dist jar's main adds worker, dev and demo). */
  public static void main(String[] args) {
    System.exit(commandLine(List.of()).execute(args));
  }
}
