package dev.greenlight.cli;

import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code greenlight status RELEASE [--json]}: where a release stands. */
@Command(
    name = "status",
    description = {
      "Where a release stands: state, stage, live/target colors, traffic, steps, approvals,"
          + " monitor, outcome.",
      "An unknown release is refused (exit 4)."
    })
final class StatusCommand extends OperatorCommand {
  @Parameters(paramLabel = "RELEASE", description = "The release id, e.g. shop-2.0.0-k3f9.")
  String id;

  @Option(names = "--json", description = "Print the contract's status object.")
  boolean json;

  @Mixin ConnectionOptions connection;

  @Override
  protected int run() throws Exception {
    try (TemporalConnection temporal = connection.open()) {
      ReleaseStatus status = new ReleaseClient(temporal).status(required("RELEASE", id));
      if (json) JsonOutput.print(out(), status);
      else StatusView.print(out(), status);
      return ExitCodes.OK;
    }
  }
}
