package dev.greenlight.cli;

import dev.greenlight.workflows.client.ReleaseClient;
import dev.greenlight.workflows.client.TemporalConnection;
import dev.greenlight.workflows.model.ReleaseStatus;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code greenlight list [--all] [--json]}: running releases, or all of them. */
@Command(name = "list", description = "Running releases, newest first; --all: ended ones too.")
final class ListCommand extends OperatorCommand {
  @Option(names = "--all", description = "Include ended releases (after the running ones).")
  boolean all;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "" + ReleaseClient.DEFAULT_CLOSED_LIMIT,
      description = "With --all: at most N ended releases, newest first (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print a JSON array of status objects.")
  boolean json;

  @Mixin
  ConnectionOptions connection;

  @Override
  protected int run() throws Exception {
    if (limit < 0) throw usage("--limit: must be 0 or more");
    try (TemporalConnection temporal = connection.open()) {
      List<ReleaseStatus> releases = new ReleaseClient(temporal).list(all, limit);
      if (json) {
        JsonOutput.print(out(), releases);
      } else if (releases.isEmpty()) {
        out().println(all ? "no releases" : "no running releases (--all shows ended ones too)");
      } else {
        StatusView.table(out(), releases);
      }
      return ExitCodes.OK;
    }
  }
}
