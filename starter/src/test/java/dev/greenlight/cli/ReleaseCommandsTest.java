package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.Connector;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands against an in-process Temporal running the real ReleaseWorkflowImpl with
 * fake activities.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReleaseCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final FakeActivities activities = new FakeActivities();

  @RegisterExtension
  final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class)
          .setActivityImplementations(activities)
          .build();

  private TestWorkflowEnvironment env;
  private String taskQueue;
  private Connector connector;

  @BeforeEach
  void connect(TestWorkflowEnvironment env, WorkflowOptions options) {
    this.env = env;
    taskQueue = options.getTaskQueue();
    connector =
        (address, namespace, queue) -> TemporalConnection.using(env.getWorkflowClient(), taskQueue);
  }

  private CliRun cli(String... args) {
    return CliRun.of(connector, args);
  }

  private String start(String app, String version, String as) {
    CliRun run = cli("start", Specs.good(dir, app).toString(), "--version", version, "--as", as);
    assertThat(run.exit()).as(run.toString()).isZero();
    return run.out().trim();
  }

  private ReleaseStatus awaitStage(String id, Stage stage) throws Exception {
    ReleaseClient releases =
        new ReleaseClient(TemporalConnection.using(env.getWorkflowClient(), taskQueue));
    Instant deadline = Instant.now().plusSeconds(20);
    ReleaseStatus s = releases.status(id);
    while (s.stage() != stage) {
      assertThat(Instant.now())
          .as("release %s to reach %s, is %s", id, stage, s)
          .isBefore(deadline);
      Thread.sleep(100);
      s = releases.status(id);
    }
    return s;
  }

  private JsonNode statusJson(String id) throws Exception {
    CliRun run = cli("status", id, "--json");
    assertThat(run.exit()).as(run.toString()).isZero();
    return JSON.readTree(run.out());
  }

  @Test
  void startPrintsOnlyTheReleaseId() throws Exception {
    CliRun run =
        cli("start", Specs.good(dir, "shop").toString(), "--version", "1.0.0", "--as", "carol");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).matches("shop-1\\.0\\.0-[a-z0-9]{4}\\R");
    assertThat(run.err()).isEmpty();
    String id = run.out().trim();
    ReleaseStatus s = awaitStage(id, Stage.AWAITING_APPROVAL);
    assertThat(s.initiator()).isEqualTo("carol");
    assertThat(s.live()).isEqualTo("blue");
    assertThat(s.target()).isEqualTo("green");
  }

  @Test
  void startWithJsonPrintsTheIdAsJson() throws Exception {
    CliRun run =
        cli(
            "start",
            Specs.good(dir, "shop").toString(),
            "--version",
            "1.0.0",
            "--as",
            "carol",
            "--json");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(JSON.readTree(run.out()).get("id").asText()).matches("shop-1\\.0\\.0-[a-z0-9]{4}");
  }

  @Test
  void secondStartOfTheSameAppIsAConflictNamingTheRunningRelease() throws Exception {
    String first = start("shop", "1.0.0", "carol");

    CliRun second =
        cli("start", Specs.good(dir, "shop").toString(), "--version", "1.0.1", "--as", "carol");

    assertThat(second.exit()).as(second.toString()).isEqualTo(3);
    assertThat(second.out()).isEmpty();
    assertThat(second.err()).contains(first).doesNotContain("\tat ");
    // Another app is not in the way.
    assertThat(
            cli("start", Specs.good(dir, "cart").toString(), "--version", "1.0.0", "--as", "carol")
                .exit())
        .isZero();
    JsonNode running = JSON.readTree(cli("list", "--json").out());
    assertThat(running).hasSize(2);
    assertThat(running.findValuesAsText("app")).containsExactlyInAnyOrder("shop", "cart");
  }

  @Test
  void invalidSpecOrMissingVersionStartsNothing() throws Exception {
    Path bad =
        Specs.write(
            dir, "bad.yaml", "app: shop\nrouter: {type: ngnix, url: http://127.0.0.1:8080}\n");

    CliRun invalid = cli("start", bad.toString(), "--version", "1.0.0", "--as", "carol");
    CliRun noVersion = cli("start", Specs.good(dir, "shop").toString(), "--as", "carol");
    CliRun emptyVersion =
        cli("start", Specs.good(dir, "shop").toString(), "--version", " ", "--as", "carol");

    assertThat(invalid.exit()).isEqualTo(2);
    assertThat(invalid.errLines())
        .anySatisfy(l -> assertThat(l).startsWith("router.type: "))
        .anySatisfy(l -> assertThat(l).startsWith("environments: "));
    assertThat(noVersion.exit()).isEqualTo(2);
    assertThat(noVersion.err()).contains("--version");
    assertThat(emptyVersion.exit()).isEqualTo(2);
    assertThat(JSON.readTree(cli("list", "--all", "--json").out())).isEmpty();
  }

  @Test
  void statusJsonHasTheContractFields() throws Exception {
    String id = start("shop", "2.0.0", "carol");
    awaitStage(id, Stage.AWAITING_APPROVAL);

    JsonNode s = statusJson(id);

    assertThat(s.get("id").asText()).isEqualTo(id);
    assertThat(s.get("app").asText()).isEqualTo("shop");
    assertThat(s.get("version").asText()).isEqualTo("2.0.0");
    assertThat(s.get("state").asText()).isEqualTo("RUNNING");
    assertThat(s.get("stage").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(s.get("live").asText()).isEqualTo("blue");
    assertThat(s.get("target").asText()).isEqualTo("green");
    assertThat(s.get("initiator").asText()).isEqualTo("carol");
    assertThat(s.get("approvals").isArray()).isTrue();
    assertThat(s.get("steps").findValuesAsText("name"))
        .containsExactly("deploy", "health", "migrate", "smoke", "approval");
    JsonNode deploy = s.get("steps").get(0);
    assertThat(deploy.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(deploy.get("detail").asText()).isEqualTo("deployed 2.0.0 to green");
    assertThat(deploy.has("startedAt")).isTrue();
    assertThat(deploy.has("endedAt")).isTrue();
    assertThat(s.get("monitor").fieldNames())
        .toIterable()
        .contains("samples", "errorRate", "p95Ms", "breaches");
    assertThat(s.has("outcome")).as("outcome is present, null while running").isTrue();
    assertThat(s.get("outcome").isNull()).isTrue();
  }

  @Test
  void humanStatusShowsWhereTheReleaseStandsAndWhatToDoNext() throws Exception {
    String id = start("shop", "2.0.0", "carol");
    awaitStage(id, Stage.AWAITING_APPROVAL);

    CliRun run = cli("status", id);

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains(
            id + ": shop 2.0.0",
            "RUNNING (AWAITING_APPROVAL)",
            "by carol",
            "live blue, target green, 0% on green",
            "deployed 2.0.0 to green",
            "greenlight approve " + id);
    assertThat(run.out()).containsPattern("(?m)^approvals +none yet$");
  }

  @Test
  void initiatorApprovingTheirOwnReleaseIsRefusedAndLeavesNoTrace() throws Exception {
    String id = start("shop", "2.0.0", "carol");
    awaitStage(id, Stage.AWAITING_APPROVAL);

    CliRun own = cli("approve", id, "--as", "carol");
    CliRun stranger = cli("approve", id, "--as", "mallory");

    assertThat(own.exit()).as(own.toString()).isEqualTo(4);
    assertThat(own.out()).isEmpty();
    assertThat(own.err().trim())
        .isEqualTo("refused: carol started this release and cannot approve or reject it");
    assertThat(stranger.exit()).isEqualTo(4);
    assertThat(stranger.err())
        .contains("mallory is not an approver of this app (approvers: alice, bob)");
    JsonNode s = statusJson(id);
    assertThat(s.get("approvals")).isEmpty();
    assertThat(s.get("refused")).as("an update refused by its validator is not recorded").isEmpty();
    assertThat(s.get("stage").asText()).isEqualTo("AWAITING_APPROVAL");
  }

  @Test
  void approvalByAnApproverLetsTheReleaseGoLive() throws Exception {
    String id = start("shop", "2.0.0", "carol");
    awaitStage(id, Stage.AWAITING_APPROVAL);

    CliRun approve = cli("approve", id, "--as", "alice", "--comment", "looks good");
    CliRun watch = cli("watch", id);

    assertThat(approve.exit()).as(approve.toString()).isZero();
    assertThat(approve.out().trim()).isEqualTo("approved by alice (1 of 1 approvals)");
    assertThat(watch.exit()).as(watch.toString()).isZero();
    assertThat(watch.out()).contains("ended SUCCEEDED");
    JsonNode s = statusJson(id);
    assertThat(s.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(s.get("live").asText()).isEqualTo("green");
    assertThat(s.get("approvals").get(0).get("approver").asText()).isEqualTo("alice");
    assertThat(s.get("approvals").get(0).get("comment").asText()).isEqualTo("looks good");
    assertThat(s.get("outcome").asText()).contains("shop 2.0.0 is live on green");
    assertThat(activities.live).isEqualTo(Color.GREEN);

    CliRun late = cli("approve", id, "--as", "bob");
    assertThat(late.exit()).isEqualTo(4);
    assertThat(late.err().trim()).isEqualTo("refused: release " + id + " already ended SUCCEEDED");
  }

  @Test
  void rejectEndsTheReleaseRejectedWithNothingSwitched() throws Exception {
    String id = start("shop", "2.0.0", "carol");
    awaitStage(id, Stage.AWAITING_APPROVAL);

    CliRun noReason = cli("reject", id, "--as", "bob");
    CliRun reject = cli("reject", id, "--as", "bob", "--reason", "not on a Friday");
    CliRun watch = cli("watch", id);

    assertThat(noReason.exit()).isEqualTo(2);
    assertThat(noReason.err()).contains("--reason");
    assertThat(reject.exit()).as(reject.toString()).isZero();
    assertThat(reject.out()).startsWith("rejected by bob");
    assertThat(watch.exit()).as("watch of a release that did not succeed").isEqualTo(1);
    assertThat(watch.out()).contains("ended REJECTED");
    JsonNode s = statusJson(id);
    assertThat(s.get("state").asText()).isEqualTo("REJECTED");
    assertThat(s.get("outcome").asText())
        .contains("bob", "not on a Friday", "nothing was switched");
    assertThat(activities.switches.get()).isZero();
  }

  @Test
  void abortStopsTheReleaseAndFreesTheAppForTheNextOne() throws Exception {
    String id = start("shop", "2.0.0", "carol");
    awaitStage(id, Stage.AWAITING_APPROVAL);

    CliRun abort = cli("abort", id, "--as", "carol", "--reason", "wrong build");
    CliRun watch = cli("watch", id);

    assertThat(abort.exit()).as(abort.toString()).isZero();
    assertThat(abort.out()).startsWith("aborted by carol");
    assertThat(watch.exit()).isEqualTo(1);
    assertThat(statusJson(id).get("state").asText()).isEqualTo("ABORTED");
    CliRun again = cli("abort", id, "--as", "carol", "--reason", "twice");
    assertThat(again.exit()).isEqualTo(4);
    assertThat(again.err()).contains("already ended ABORTED");
    // Running list is empty, --all shows the aborted one, and a new release of the app may start.
    assertThat(JSON.readTree(cli("list", "--json").out())).isEmpty();
    JsonNode all = JSON.readTree(cli("list", "--all", "--json").out());
    assertThat(all).hasSize(1);
    assertThat(all.get(0).get("state").asText()).isEqualTo("ABORTED");
    assertThat(
            cli("start", Specs.good(dir, "shop").toString(), "--version", "2.0.1", "--as", "carol")
                .exit())
        .isZero();
  }

  @Test
  void listShowsATableOfRunningReleases() throws Exception {
    String id = start("shop", "2.0.0", "carol");
    awaitStage(id, Stage.AWAITING_APPROVAL);

    CliRun run = cli("list");

    assertThat(run.exit()).isZero();
    assertThat(run.out().lines().toList()).hasSize(2);
    assertThat(run.out()).startsWith("ID").contains(id, "AWAITING_APPROVAL", "0% green");
  }

  @Test
  void startFollowPrintsProgressAndExitsWithTheOutcome() throws Exception {
    CompletableFuture<CliRun> follow =
        CompletableFuture.supplyAsync(
            () ->
                cli(
                    "start",
                    Specs.good(dir, "shop").toString(),
                    "--version",
                    "3.0.0",
                    "--as",
                    "carol",
                    "--follow"));
    ReleaseClient releases =
        new ReleaseClient(TemporalConnection.using(env.getWorkflowClient(), taskQueue));
    String id = awaitRunning(releases, "shop");
    awaitStage(id, Stage.AWAITING_APPROVAL);
    Thread.sleep(2 * ReleaseClient.POLL_INTERVAL.toMillis()); // let the follower see the stage
    releases.approve(id, "bob", null);

    CliRun run = follow.get(30, TimeUnit.SECONDS);

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out().lines().findFirst()).hasValue(id);
    assertThat(run.out())
        .contains(
            "stage AWAITING_APPROVAL",
            "deploy SUCCEEDED: deployed 3.0.0 to green",
            "approved by bob",
            "switch SUCCEEDED",
            "monitor SUCCEEDED",
            "ended SUCCEEDED: shop 3.0.0 is live on green");
  }

  private static String awaitRunning(ReleaseClient releases, String app)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      var id = releases.runningRelease(app);
      if (id.isPresent()) return id.get();
      Thread.sleep(100);
    }
    throw new AssertionError("no running release of " + app);
  }

  @Test
  void aReleaseTerminatedOutsideGreenlightShowsAsFailedWithItsSteps() throws Exception {
    String id = start("shop", "2.0.0", "carol");
    awaitStage(id, Stage.AWAITING_APPROVAL);
    env.getWorkflowClient().newUntypedWorkflowStub(id).terminate("from the UI");

    JsonNode s = statusJson(id);
    CliRun approve = cli("approve", id, "--as", "alice");

    assertThat(s.get("state").asText()).isEqualTo("FAILED");
    assertThat(s.get("outcome").asText())
        .contains("TERMINATED outside Greenlight", "AWAITING_APPROVAL");
    assertThat(s.get("steps").findValuesAsText("name")).contains("deploy", "approval");
    assertThat(approve.exit()).isEqualTo(4);
    assertThat(approve.err()).contains("already ended FAILED");
    assertThat(
            cli("start", Specs.good(dir, "shop").toString(), "--version", "2.0.1", "--as", "carol")
                .exit())
        .isZero();
  }

  @Test
  void statusOfAnUnknownReleaseIsRefused() {
    CliRun run = cli("status", "nope-1.0-abcd");

    assertThat(run.exit()).isEqualTo(4);
    assertThat(run.err().trim()).isEqualTo("refused: no such release: nope-1.0-abcd");
    assertThat(cli("approve", "nope-1.0-abcd", "--as", "alice").exit()).isEqualTo(4);
    assertThat(cli("watch", "nope-1.0-abcd").exit()).isEqualTo(4);
  }

  @Test
  void listWithoutReleasesSaysSo() {
    CliRun run = cli("list");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("no running releases");
    assertThat(List.of(cli("list", "--json").out().trim())).containsExactly("[ ]");
  }
}
