package dev.greenlight.cli;

import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code greenlight pause RELEASE --as NAME [--reason TEXT]}: holds a release until resumed. */
@Command(
    name = "pause",
    description = {
      "Holds a release during its progressive holds or monitor window: no next traffic step, no"
          + " samples, the monitor clock stopped, until `greenlight resume` (or abort).",
      "Refused (exit 4) before the switch, when already paused, or when the release ended."
    })
final class PauseCommand extends OperatorCommand {
  @Parameters(paramLabel = "RELEASE", description = "The release id.")
  String id;

  @Mixin ActorOption actor;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why; shown in status (at most 1000 characters).")
  String reason;

  @Mixin ConnectionOptions connection;

  @Override
  protected int run() throws Exception {
    String why = reason == null ? null : bounded("--reason", reason);
    try (TemporalConnection temporal = connection.open()) {
      String answer = new ReleaseClient(temporal).pause(required("RELEASE", id), actor.name(), why);
      out().println(TerminalText.line(answer));
      return ExitCodes.OK;
    }
  }
}
