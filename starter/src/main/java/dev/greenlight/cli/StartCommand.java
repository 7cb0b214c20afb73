package dev.greenlight.cli;

import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.ReleaseVersion;
import dev.greenlight.api.spec.SpecLoader;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code greenlight start SPEC --version V}: validates the spec, then starts a release. */
@Command(
    name = "start",
    description = {
      "Starts a release. The spec is validated first (exit 2, nothing started).",
      "stdout holds only the release id, unless --follow or --json.",
      "With --follow: exit 0 when the release SUCCEEDED, else 1; 6 when --timeout ran out first."
    })
final class StartCommand extends OperatorCommand {
  @Parameters(paramLabel = "SPEC", description = "The spec file (YAML or JSON).")
  Path specFile;

  @Option(
      names = "--version",
      required = true,
      paramLabel = "V",
      description = {
        "The version to release ($${VERSION} in hooks): a letter or digit, then at most 63"
            + " letters,",
        "digits, '.', '_', '+' or '-' (e.g. 2.0.0-rc.1+build.7)."
      })
  String version;

  @Mixin ActorOption actor;

  @Option(
      names = "--follow",
      description = "Stay and print stages and steps as they happen, until the release ends.")
  boolean follow;

  @Option(
      names = "--json",
      description =
          "Print {\"id\": ...}; with --follow, the final status (progress goes to stderr).")
  boolean json;

  @Mixin ConnectionOptions connection;

  @Mixin FollowOptions followOptions;

  @Override
  protected int run() throws Exception {
    String v = required("--version", version);
    String problem =
        ReleaseVersion.problem(v); // it reaches hooks as ${VERSION}: nothing a shell could read
    if (problem != null) throw usage("--version: " + problem);
    if (followOptions.timeout() != null && !follow) throw usage("--timeout needs --follow");
    String initiator = actor.name();
    ReleaseSpec spec = SpecLoader.load(specFile);
    try (TemporalConnection temporal = connection.open()) {
      ReleaseClient releases = new ReleaseClient(temporal);
      String id = releases.start(spec, v, initiator);
      if (!follow) {
        if (json) JsonOutput.print(out(), Map.of("id", id));
        else out().println(id);
        return ExitCodes.OK;
      }
      PrintWriter progress = json ? err() : out();
      progress.println(id);
      progress.flush();
      Optional<ReleaseStatus> end =
          followOptions.finalStatus(
              temporal, id, progress, err(), !json && Timeline.stdoutIsTerminal());
      if (end.isEmpty()) return ExitCodes.STILL_RUNNING;
      if (json) JsonOutput.print(out(), end.get());
      return end.get().state() == ReleaseState.SUCCEEDED ? ExitCodes.OK : ExitCodes.NOT_SUCCEEDED;
    }
  }
}
