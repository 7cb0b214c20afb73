package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.lifecycle.ColorFacts;
import dev.greenlight.api.lifecycle.InspectionActivities;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.Connector;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import dev.greenlight.workflows.UndoWorkflowImpl;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code undo}, {@code app status}, {@code promote --full} and {@code retry} as an operator types
 * them: the real command line against an in-process Temporal (real time) running the real release,
 * undo and app workflows with fake activities. The colors' health endpoints are two small HTTP
 * servers, so {@code app status} reads what each color says it runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LifecycleCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUEUE = "greenlight-lifecycle-cli-test";

  @TempDir Path dir;

  private final FakeActivities fake = new FakeActivities();
  private final Inspection inspection = new Inspection();
  private final Map<Color, String> healthVersion = new ConcurrentHashMap<>();

  private TestWorkflowEnvironment env;
  private ReleaseClient releases;
  private Connector connector;
  private HttpServer blue;
  private HttpServer green;

  /** What each color reports to the undo's check: its version. */
  static final class Inspection implements InspectionActivities {
    final Map<Color, String> version = new ConcurrentHashMap<>();

    @Override
    public ColorFacts inspect(ReleaseContext ctx, Color color) {
      return new ColorFacts(color.label(), version.get(color), Map.of(), null);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(
        ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class, UndoWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake, inspection);
    env.start();
    releases = new ReleaseClient(TemporalConnection.using(env.getWorkflowClient(), QUEUE));
    connector =
        (address, namespace, queue) -> TemporalConnection.using(env.getWorkflowClient(), QUEUE);
    blue = health(Color.BLUE);
    green = health(Color.GREEN);
  }

  @AfterEach
  void tearDown() {
    blue.stop(0);
    green.stop(0);
    env.close();
  }

  /** A color's health endpoint: {"version": what healthVersion says for it}. */
  private HttpServer health(Color color) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          byte[] body =
              ("{\"status\":\"UP\",\"version\":\""
                      + healthVersion.getOrDefault(color, "0.9.0")
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static String url(HttpServer s) {
    return "http://127.0.0.1:" + s.getAddress().getPort();
  }

  /** shop: a one-step command router, approver alice, a 1 s monitor, undo without approval. */
  private Path spec(String... sections) {
    SpecBuilder b =
        SpecBuilder.release(dir)
            .urls(url(blue), url(green))
            .with("approval", "{approvers: [alice], required: 1, timeout: 1h}")
            .with("monitor", "{window: 1s, interval: 500ms}")
            .with("undo", "{approval: none}");
    for (int i = 0; i < sections.length; i += 2) b.with(sections[i], sections[i + 1]);
    return b.write("shop.yaml");
  }

  private CliRun cli(String... args) {
    return CliRun.of(connector, args);
  }

  private String start(Path spec, String version) {
    CliRun run = cli("start", spec.toString(), "--version", version, "--as", "carol");
    assertThat(run.exit()).as(run.toString()).isZero();
    return run.out().trim();
  }

  /** Starts through the CLI, approves as alice and waits for the end. */
  private ReleaseStatus release(Path spec, String version) throws Exception {
    String id = start(spec, version);
    await(id, s -> s.stage() == Stage.AWAITING_APPROVAL || s.state().finished());
    if (!releases.status(id).state().finished()) {
      CliRun approve = cli("approve", id, "--as", "alice");
      assertThat(approve.exit()).as(approve.toString()).isZero();
    }
    return releases.watch(id, s -> {});
  }

  private ReleaseStatus await(String id, Predicate<ReleaseStatus> until) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    ReleaseStatus s = releases.status(id);
    while (!until.test(s)) {
      assertThat(Instant.now()).as("waiting for %s: %s", id, s).isBefore(deadline);
      Thread.sleep(50);
      s = releases.status(id);
    }
    return s;
  }

  private JsonNode appStatus(Predicate<JsonNode> until) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      CliRun run = cli("app", "status", "shop", "--json");
      assertThat(run.exit()).as(run.toString()).isZero();
      JsonNode view = JSON.readTree(run.out());
      if (until.test(view)) return view;
      assertThat(Instant.now()).as("waiting for the app view: %s", view).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  /** Two releases: 1.0.0 went to green, 2.0.0 to blue (live now); green still runs 1.0.0. */
  private void twoReleases() throws Exception {
    Path spec = spec();
    assertThat(release(spec, "1.0.0").state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(release(spec, "2.0.0").state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(fake.live).isEqualTo(Color.BLUE);
  }

  @Test
  void undoPrintsItsIdFollowsItAndExitsZeroWithTrafficBack() throws Exception {
    twoReleases();
    inspection.version.put(Color.GREEN, "1.0.0");
    fake.calls.clear();

    CliRun undo = cli("undo", "shop", "--as", "dave", "--reason", "checkout errors");

    assertThat(undo.exit()).as(undo.toString()).isZero();
    assertThat(undo.out().lines().findFirst().orElseThrow()).matches("shop-undo-[a-z0-9]{4}");
    assertThat(undo.err()).doesNotContain("\tat ");
    assertThat(fake.live).isEqualTo(Color.GREEN);
    assertThat(fake.calls).containsSubsequence("switch green 100", "verify green");
    String id = undo.out().lines().findFirst().orElseThrow();
    JsonNode status = JSON.readTree(cli("status", id, "--json").out());
    assertThat(status.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(status.get("outcome").asText()).contains("checkout errors");

    JsonNode view = appStatus(v -> v.get("running").isNull());
    assertThat(view.get("live").asText()).isEqualTo("green");
    assertThat(view.get("releases").get(0).get("kind").asText()).isEqualTo("undo");
    assertThat(view.get("releases").get(0).get("id").asText()).isEqualTo(id);

    CliRun again = cli("undo", "shop", "--as", "dave", "--reason", "again");
    assertThat(again.exit()).as(again.toString()).isEqualTo(4);
    assertThat(again.err()).contains("nothing to undo").doesNotContain("\tat ");
  }

  @Test
  void undoIsRefusedWithExit4WhenTheOtherColorNoLongerRunsThePreviousVersion() throws Exception {
    twoReleases();
    inspection.version.put(Color.GREEN, "1.5.0"); // redeployed by hand
    fake.calls.clear();

    CliRun undo = cli("undo", "shop", "--as", "dave", "--reason", "errors");

    assertThat(undo.exit()).as(undo.toString()).isEqualTo(4);
    assertThat(undo.err()).contains("green runs 1.5.0, no longer 1.0.0").doesNotContain("\tat ");
    assertThat(fake.live).as("traffic untouched").isEqualTo(Color.BLUE);
    assertThat(fake.calls).noneMatch(c -> c.startsWith("switch"));
  }

  @Test
  void undoOfAnUnknownAppIsRefusedAndUndoDuringAReleaseIsAConflict() throws Exception {
    CliRun unknown = cli("undo", "shop", "--as", "dave", "--reason", "errors");
    assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(4);
    assertThat(unknown.err()).contains("no app view of shop");

    twoReleases();
    inspection.version.put(Color.GREEN, "1.0.0");
    String running = start(spec(), "3.0.0");
    await(running, s -> s.stage() == Stage.AWAITING_APPROVAL);

    CliRun busy = cli("undo", "shop", "--as", "dave", "--reason", "errors");

    assertThat(busy.exit()).as(busy.toString()).isEqualTo(3);
    assertThat(busy.out()).isEmpty();
    assertThat(busy.err()).contains(running).doesNotContain("\tat ");
    assertThat(fake.live).as("traffic untouched").isEqualTo(Color.BLUE);
  }

  @Test
  void appStatusJsonHasTheContractShape() throws Exception {
    CliRun unknown = cli("app", "status", "shop", "--json");
    assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(4);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err()).contains("no app view of shop").doesNotContain("\tat ");

    twoReleases();
    healthVersion.put(Color.BLUE, "2.0.0");
    healthVersion.put(Color.GREEN, "1.0.0");
    String running = start(spec(), "3.0.0");
    await(running, s -> s.stage() == Stage.AWAITING_APPROVAL);

    JsonNode view = appStatus(v -> !v.get("running").isNull());

    assertThat(view.fieldNames())
        .toIterable()
        .contains("app", "live", "colors", "standbyInSync", "releases", "running");
    assertThat(view.get("app").asText()).isEqualTo("shop");
    assertThat(view.get("live").asText()).isEqualTo("blue");
    assertThat(view.get("colors").get("blue").get("version").asText()).isEqualTo("2.0.0");
    assertThat(view.get("colors").get("green").get("version").asText()).isEqualTo("1.0.0");
    assertThat(view.get("colors").get("blue").get("health").asText()).isEqualTo("2.0.0");
    assertThat(view.get("colors").get("green").get("health").asText()).isEqualTo("1.0.0");
    assertThat(view.get("standbyInSync").asBoolean()).isFalse();
    assertThat(view.get("running").asText()).isEqualTo(running);
    JsonNode last = view.get("releases");
    assertThat(last.isArray()).isTrue();
    assertThat(last.findValuesAsText("version")).containsSubsequence("2.0.0", "1.0.0");
    assertThat(last.get(0).fieldNames())
        .toIterable()
        .contains("id", "kind", "version", "state", "outcome", "endedAt");
    assertThat(last.get(0).get("kind").asText()).isEqualTo("release");
    assertThat(last.get(0).get("state").asText()).isEqualTo("SUCCEEDED");

    CliRun human = cli("app", "status", "shop");
    assertThat(human.exit()).as(human.toString()).isZero();
    assertThat(human.out())
        .contains("live     blue")
        .contains("deployed 2.0.0, health says 2.0.0")
        .contains("running  " + running);
  }

  @Test
  void promoteFullSkipsTheRemainingHoldsAndNeedsAnApprover() throws Exception {
    Path spec =
        spec(
            "router",
            "{type: embedded, url: \"http://127.0.0.1:1\", steps: [10, 50, 100], stepHold: 1h}");
    String id = start(spec, "1.0.0");
    await(id, s -> s.stage() == Stage.AWAITING_APPROVAL);

    CliRun early = cli("promote", id, "--full", "--as", "alice");
    assertThat(early.exit()).as("not before approval: " + early).isEqualTo(4);
    CliRun noFull = cli("promote", id, "--as", "alice");
    assertThat(noFull.exit()).as(noFull.toString()).isEqualTo(2);
    assertThat(noFull.err()).contains("--full");

    fake.monitorBlocks = true; // the 1h hold at 10% holds until the promote cuts it short
    assertThat(cli("approve", id, "--as", "alice").exit()).isZero();
    await(id, s -> s.stage() == Stage.MONITORING && s.trafficPercent() == 10);
    CliRun initiator = cli("promote", id, "--full", "--as", "carol");
    assertThat(initiator.exit()).as("the initiator is no approver: " + initiator).isEqualTo(4);
    assertThat(initiator.err()).doesNotContain("\tat ");

    CliRun promote = cli("promote", id, "--full", "--as", "alice", "--comment", "looks good");

    assertThat(promote.exit()).as(promote.toString()).isZero();
    assertThat(promote.out()).contains("promoted to 100%");
    fake.monitorBlocks = false;
    ReleaseStatus end = releases.watch(id, s -> {});
    assertThat(end.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(fake.calls).contains("switch green 10", "switch green 100");
    assertThat(fake.calls).doesNotContain("switch green 50");
    CliRun late = cli("promote", id, "--full", "--as", "alice");
    assertThat(late.exit()).as("after the end: " + late).isEqualTo(4);
  }

  @Test
  void retryStartsTheLastFailedReleaseAgainAndIsRefusedAfterASuccess() throws Exception {
    fake.failing.add("smoke-target");
    ReleaseStatus failed = release(spec(), "1.0.0");
    assertThat(failed.state()).isNotEqualTo(ReleaseState.SUCCEEDED);
    fake.failing.clear();

    CliRun retry = cli("retry", "shop", "--as", "carol");

    assertThat(retry.exit()).as(retry.toString()).isZero();
    String id = retry.out().trim();
    assertThat(id).matches("shop-1\\.0\\.0-[a-z0-9]{4}").isNotEqualTo(failed.id());
    ReleaseStatus again = await(id, s -> s.stage() == Stage.AWAITING_APPROVAL);
    assertThat(again.version()).isEqualTo("1.0.0");
    assertThat(again.initiator()).isEqualTo("carol");

    CliRun busy = cli("retry", "shop", "--as", "carol");
    assertThat(busy.exit()).as("while it runs: " + busy).isEqualTo(3);
    assertThat(busy.err()).contains(id);

    assertThat(cli("approve", id, "--as", "alice").exit()).isZero();
    assertThat(releases.watch(id, s -> {}).state()).isEqualTo(ReleaseState.SUCCEEDED);
    CliRun nothing = cli("retry", "shop", "--as", "carol");
    assertThat(nothing.exit()).as(nothing.toString()).isEqualTo(4);
    assertThat(nothing.err()).contains("nothing to retry").doesNotContain("\tat ");
  }
}
