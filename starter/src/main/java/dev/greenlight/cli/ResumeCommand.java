package dev.greenlight.cli;

import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code greenlight resume RELEASE --as NAME}: lets a paused release go on. */
@Command(
    name = "resume",
    description = {
      "Lets a paused release go on where it stopped (the rest of its hold or monitor window).",
      "Refused (exit 4) when the release is not paused."
    })
final class ResumeCommand extends OperatorCommand {
  @Parameters(paramLabel = "RELEASE", description = "The release id.")
  String id;

  @Mixin ActorOption actor;

  @Mixin ConnectionOptions connection;

  @Override
  protected int run() throws Exception {
    try (TemporalConnection temporal = connection.open()) {
      String answer = new ReleaseClient(temporal).resume(required("RELEASE", id), actor.name());
      out().println(TerminalText.line(answer));
      return ExitCodes.OK;
    }
  }
}
