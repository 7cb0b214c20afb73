package dev.greenlight.cli;

import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code greenlight abort RELEASE --as NAME --reason TEXT}: stops a release now. */
@Command(
    name = "abort",
    description = {
      "Stops a release now: before the switch it cleans up; after it, traffic goes back to the"
          + " previous color.",
      "The release ends ABORTED. Refused (exit 4) when it already ended."
    })
final class AbortCommand extends OperatorCommand {
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
    String sender = actor.name();
    try (TemporalConnection temporal = connection.open()) {
      out()
          .println(
              TerminalText.line(
                  new ReleaseClient(temporal).abort(required("RELEASE", id), sender, why)));
      return ExitCodes.OK;
    }
  }
}
