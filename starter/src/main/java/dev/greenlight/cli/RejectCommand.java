package dev.greenlight.cli;

import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code greenlight reject RELEASE --as NAME --reason TEXT}: refuses the switch. */
@Command(
    name = "reject",
    description = {
      "Refuses the release before the switch: nothing is switched, it ends REJECTED.",
      "Same rules as approve (exit 4 when refused); after the switch started, use abort."
    })
final class RejectCommand extends OperatorCommand {
  @Parameters(paramLabel = "RELEASE", description = "The release id.")
  String id;

  @Mixin ActorOption actor;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why; shown in status and the outcome (at most 1000 characters).")
  String reason;

  @Mixin ConnectionOptions connection;

  @Override
  protected int run() throws Exception {
    String why = bounded("--reason", required("--reason", reason));
    String approver = actor.name();
    try (TemporalConnection temporal = connection.open()) {
      out()
          .println(
              TerminalText.line(
                  new ReleaseClient(temporal).reject(required("RELEASE", id), approver, why)));
      return ExitCodes.OK;
    }
  }
}
