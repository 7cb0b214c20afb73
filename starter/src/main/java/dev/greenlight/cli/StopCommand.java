package dev.greenlight.cli;

import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code reject} and {@code abort} share: {@code RELEASE --as NAME --reason TEXT}, sent as the
 * release's update; the subclass says which.
 */
abstract class StopCommand extends OperatorCommand {
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

  /** Sends the command; returns the workflow's answer. */
  abstract String send(ReleaseClient releases, String id, String sender, String reason)
      throws Exception;

  @Override
  protected int run() throws Exception {
    String why = bounded("--reason", required("--reason", reason));
    String sender = actor.name();
    try (TemporalConnection temporal = connection.open()) {
      String answer = send(new ReleaseClient(temporal), required("RELEASE", id), sender, why);
      out().println(TerminalText.line(answer));
      return ExitCodes.OK;
    }
  }
}
