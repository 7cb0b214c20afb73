package dev.greenlight.devstack;

import dev.greenlight.activities.GreenlightActivities;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.SpecLoader;
import dev.greenlight.client.ConnectionSettings;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.cli.ConnectionOptions;
import dev.greenlight.client.cli.PluggableCommand;
import dev.greenlight.client.timeline.MonitorWindows;
import dev.greenlight.client.timeline.ReleaseFollower;
import dev.greenlight.worker.ReleaseWorker;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code greenlight demo}: the whole story, unattended. Release 2.0.0 (with migration V2) is
 * approved and goes live; release 3.0.0, whose errors show only under traffic, passes smoke and
 * approval, then the monitor trips and traffic goes back. Exit 0 only when both ended as told.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "The whole story, unattended: a good release goes live, a faulty one is rolled back by the"
          + " monitor.",
      "Uses the Temporal at --temporal if one answers there (and runs its own worker), else starts"
          + " the local stack."
    })
public final class DemoCommand implements Callable<Integer>, PluggableCommand {
  static final String INITIATOR = "demo-operator";
  static final String APPROVER = "demo-approver";

  @Mixin ConnectionOptions connection;

  @Mixin ShopDatabaseOptions database;

  @Mixin LocalPortOptions ports;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where the demo's spec, scripts and logs go (default: a new temp dir).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    connection.overrideAddress(ports.temporalAddress(null)); // --temporal-port
    ConnectionSettings settings =
        connection.settings(); // an unusable setting: exit 2, nothing runs
    connection.codecKeys(); // so is an unreadable key file
    Path dir =
        (workDir != null ? workDir : Files.createTempDirectory("greenlight-demo"))
            .toAbsolutePath()
            .normalize();
    Files.createDirectories(dir);
    Path log = dir.resolve("demo.log");
    DemoLogging.toFile(log); // the terminal keeps the timeline; everything else goes here
    DemoTimeline timeline =
        new DemoTimeline(
            out,
            System.console() != null && !"dumb".equals(System.getenv("TERM")),
            Clock.systemUTC());
    timeline.note("starting the local stack in " + dir + " (logs: " + log + ") ...");
    LocalStack.Builder builder =
        LocalStack.builder()
            .connection(settings, connection::openAsWorker) // one connection, every setting, codec
            .demo(true)
            .workDir(dir)
            .faultyVersions(List.of("3.0.0"));
    database.applyTo(builder);
    ports.applyTo(builder, database.databaseUrl != null);
    ReleaseStatus good;
    ReleaseStatus bad;
    String serving;
    String proxyUrl;
    Path histories = dir.resolve("histories");
    String exportProblem = null;
    try (LocalStack stack = builder.start();
        ReleaseWorker worker =
            ReleaseWorker.start(
                stack.temporal().client(),
                connection.taskQueue(),
                GreenlightActivities.all(stack.workerEnvironment(database.databasePasswordEnv)))) {
      stack.describe().forEach(l -> out.println("  " + l));
      ReleaseClient client = new ReleaseClient(stack.temporal());
      ReleaseSpec spec = SpecLoader.load(stack.specFile());

      out.println();
      timeline.note("release 1: shop 2.0.0 (adds migration V2) -- should go live");
      good = run(client, spec, "2.0.0", timeline);
      out.println();
      timeline.note(
          "release 2: shop 3.0.0 (fails only under traffic) -- the monitor should roll it back");
      bad = run(client, spec, "3.0.0", timeline);
      timeline.finish();

      proxyUrl = stack.proxyUrl();
      serving = servingVersion(proxyUrl + "/health");
      // the histories outlive the demo's Temporal: export them before it stops
      try {
        Files.createDirectories(histories);
        for (ReleaseStatus r : List.of(good, bad)) {
          Files.writeString(
              histories.resolve(r.id() + ".json"),
              stack.temporal().client().fetchHistory(r.id()).toJson(true));
        }
      } catch (Exception e) {
        exportProblem = e.getMessage();
      }
    }
    out.println();
    out.println("Summary");
    out.println("  " + good.id() + ": " + good.state() + " (expected SUCCEEDED)");
    out.println("  " + bad.id() + ": " + bad.state() + " (expected ROLLED_BACK)");
    out.println(
        "  the shop at "
            + proxyUrl
            + " served version "
            + serving
            + " at the end (expected 2.0.0)");
    if (exportProblem == null) {
      out.println("  the two histories are in " + histories + "; read them after the demo with:");
      out.println("    bin/greenlight audit report " + histories.resolve(bad.id() + ".json"));
      out.println("    bin/greenlight audit replay " + histories);
    } else {
      out.println("  the histories could not be exported: " + exportProblem);
    }
    out.println("  logs: " + log);
    boolean asTold =
        good.state() == ReleaseState.SUCCEEDED
            && bad.state() == ReleaseState.ROLLED_BACK
            && "2.0.0".equals(serving);
    out.println(
        asTold
            ? "demo: everything went as told"
            : "demo: something did NOT go as told (see above, and " + log + ")");
    return asTold ? 0 : 1;
  }

  private static ReleaseStatus run(
      ReleaseClient client, ReleaseSpec spec, String version, DemoTimeline timeline)
      throws Exception {
    timeline.release(MonitorWindows.of(spec));
    String id = client.start(spec, version, INITIATOR);
    // no line of its own: the release's first event says who started it, at the time it recorded
    boolean[] approved = {false};
    return ReleaseFollower.follow(
            client,
            id,
            null,
            status -> {
              timeline.show(status);
              if (status.stage() == Stage.AWAITING_APPROVAL && !approved[0]) {
                approved[0] = true;
                try {
                  // the timeline shows it once the release recorded it
                  client.approve(id, APPROVER, "smoke is green, ship it");
                } catch (Exception e) {
                  timeline.note("approval refused: " + e.getMessage());
                }
              }
            })
        .orElseThrow();
  }

  /** The version the shop reports through the proxy, or what went wrong. */
  static String servingVersion(String healthUrl) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(healthUrl))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      var m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
      return m.find() ? m.group(1) : "unknown (" + r.statusCode() + ")";
    } catch (Exception e) {
      return "unreachable (" + e.getMessage() + ")";
    }
  }
}
