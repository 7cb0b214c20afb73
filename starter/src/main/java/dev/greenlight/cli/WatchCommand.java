package dev.greenlight.cli;

import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code greenlight watch RELEASE}: a live view until the release ends. */
@Command(
    name = "watch",
    description = {
      "Live view of a release until it ends, one line per event at the time it happened;",
      "on a terminal, a bar with the time left while the monitor watches.",
      "Exit 0 when it SUCCEEDED, 1 when it ended otherwise, 6 when --timeout ran out first."
    })
final class WatchCommand extends OperatorCommand {
  @Parameters(paramLabel = "RELEASE", description = "The release id.")
  String id;

  @Mixin ConnectionOptions connection;

  @Mixin FollowOptions follow;

  @Override
  protected int run() throws Exception {
    String release = required("RELEASE", id);
    follow.timeout(); // bad usage before anything is read
    try (TemporalConnection temporal = connection.open()) {
      return follow.follow(temporal, release, out(), err(), Timeline.stdoutIsTerminal());
    }
  }
}
