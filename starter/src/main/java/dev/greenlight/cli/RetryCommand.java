package dev.greenlight.cli;

import dev.greenlight.client.AppOperations;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code greenlight retry APP --as NAME}: a new release from the last failed one. */
@Command(
    name = "retry",
    description = {
      "Starts a new release of APP with the spec and version of its last release, which did not"
          + " succeed; prints the new release id.",
      "Refused (exit 4) when the last release succeeded; exit 3 when one runs."
    })
final class RetryCommand extends OperatorCommand {
  @Parameters(paramLabel = "APP", description = "The app, as in the spec's app field.")
  String app;

  @Mixin ActorOption actor;

  @Mixin ConnectionOptions connection;

  @Override
  protected int run() throws Exception {
    String initiator = actor.name();
    try (TemporalConnection temporal = connection.open()) {
      out()
          .println(
              new AppOperations(new ReleaseClient(temporal))
                  .retry(required("APP", app), initiator));
      return ExitCodes.OK;
    }
  }
}
