package dev.greenlight.cli;

import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code greenlight watch RELEASE}: a live view until the release ends. */
@Command(
    name = "watch",
    description = {
      "Live view of a release until it ends, one line per event.",
      "Exit 0 when it SUCCEEDED, 1 when it ended otherwise."
    })
final class WatchCommand extends OperatorCommand {
  @Parameters(paramLabel = "RELEASE", description = "The release id.")
  String id;

  @Mixin ConnectionOptions connection;

  @Override
  protected int run() throws Exception {
    try (TemporalConnection temporal = connection.open()) {
      Timeline timeline = new Timeline(out());
      ReleaseStatus end =
          new ReleaseClient(temporal).watch(required("RELEASE", id), timeline::show);
      return end.state() == ReleaseState.SUCCEEDED ? ExitCodes.OK : ExitCodes.NOT_SUCCEEDED;
    }
  }
}
