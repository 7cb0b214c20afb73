package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.lock.AppLockWorkflow;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.SpecLoader;
import dev.greenlight.client.ConflictException;
import dev.greenlight.client.RefusedException;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * At most one release of an app runs, enforced by Temporal (a per-app lock workflow with a fixed
 * id), not by a look before starting: simultaneous starts never both run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OneReleasePerAppTest {
  /** A task queue no worker polls. */
  private static final String NO_WORKER = "greenlight-lock-test-no-worker";

  @TempDir Path dir;

  @RegisterExtension
  final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class)
          .setActivityImplementations(new FakeActivities())
          .build();

  private TestWorkflowEnvironment env;
  private String queue;
  private ReleaseClient releases;
  private ExecutorService threads;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowOptions options) {
    this.env = env;
    queue = options.getTaskQueue();
  }

  /** Releases go to the extension's worker, or to a task queue no worker polls. */
  private void startTemporal(boolean withWorker) {
    releases =
        new ReleaseClient(
            TemporalConnection.using(env.getWorkflowClient(), withWorker ? queue : NO_WORKER));
    threads = Executors.newCachedThreadPool();
  }

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
  }

  private ReleaseSpec spec(String app) throws Exception {
    Files.createDirectories(dir.resolve("db/migration"));
    String yaml =
        SpecBuilder.release(dir)
            .with("approval", "{approvers: [alice, bob], required: 1, timeout: 24h}")
            .with("monitor", "{window: 1m, interval: 10s}")
            .yaml()
            .replace("app: shop", "app: " + app);
    return SpecLoader.parse(yaml, dir.resolve("greenlight.yaml"));
  }

  /**
   * Starts {@code n} releases of {@code app} at the same instant; "started ID" or "conflict ID"
   * each.
   */
  private List<String> startTogether(String app, int n) throws Exception {
    ReleaseSpec spec = spec(app);
    CyclicBarrier together = new CyclicBarrier(n);
    List<Future<String>> tries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String version = "1.0." + i;
      tries.add(
          threads.submit(
              () -> {
                together.await();
                try {
                  return "started " + releases.start(spec, version, "carol");
                } catch (ConflictException e) {
                  return "conflict " + e.runningId();
                }
              }));
    }
    List<String> outcomes = new ArrayList<>();
    for (Future<String> t : tries) outcomes.add(t.get(60, TimeUnit.SECONDS));
    return outcomes;
  }

  private ReleaseStatus awaitStage(String id, Stage stage) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    ReleaseStatus s = releases.status(id);
    while (s.stage() != stage) {
      assertThat(Instant.now()).as("%s to reach %s, is %s", id, stage, s).isBefore(deadline);
      Thread.sleep(50);
      s = releases.status(id);
    }
    return s;
  }

  @Test
  void twoSimultaneousStartsOfOneAppNeverBothRun() throws Exception {
    startTemporal(true);
    for (int round = 0; round < 10; round++) {
      List<String> outcomes = startTogether("shop" + round, 2);

      List<String> started = outcomes.stream().filter(o -> o.startsWith("started ")).toList();
      assertThat(started).as("round %d: %s", round, outcomes).hasSize(1);
      String winner = started.get(0).substring("started ".length());
      assertThat(outcomes).as("the loser names the winner").contains("conflict " + winner);
    }
    List<ReleaseStatus> running = releases.list(false);
    assertThat(running)
        .extracting(ReleaseStatus::app)
        .as("one running release per app")
        .doesNotHaveDuplicates()
        .hasSize(10);
  }

  @Test
  void tenSimultaneousStartsRunOneAndTheNineOthersNameIt() throws Exception {
    startTemporal(true);

    List<String> outcomes = startTogether("cart", 10);

    List<String> started = outcomes.stream().filter(o -> o.startsWith("started ")).toList();
    assertThat(started).as("%s", outcomes).hasSize(1);
    String winner = started.get(0).substring("started ".length());
    assertThat(outcomes.stream().filter(o -> o.equals("conflict " + winner))).hasSize(9);
    assertThat(awaitStage(winner, Stage.AWAITING_APPROVAL).app()).isEqualTo("cart");
    assertThat(releases.list(false)).extracting(ReleaseStatus::id).containsExactly(winner);
  }

  @Test
  void theAppIsFreeAgainOnceItsReleaseEndsHoweverItEnds() throws Exception {
    startTemporal(true);
    ReleaseSpec spec = spec("shop");

    String first = releases.start(spec, "1.0.0", "carol");
    // status right after start: the release exists by then
    assertThat(releases.status(first).id()).isEqualTo(first);
    awaitStage(first, Stage.AWAITING_APPROVAL);
    assertThatThrownBy(() -> releases.start(spec, "1.0.1", "carol"))
        .isInstanceOf(ConflictException.class);
    releases.abort(first, "carol", "wrong build");

    String second = releases.start(spec, "1.0.1", "carol");
    assertThat(releases.status(first).state()).isEqualTo(ReleaseState.ABORTED);
    awaitStage(second, Stage.AWAITING_APPROVAL);
    env.getWorkflowClient().newUntypedWorkflowStub(second).terminate("from the UI");

    String third = releases.start(spec, "1.0.2", "carol");
    assertThat(releases.status(second).state()).isEqualTo(ReleaseState.FAILED);
    releases.approve(awaitStage(third, Stage.AWAITING_APPROVAL).id(), "alice", null);
    assertThat(releases.watch(third, s -> {}).state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(releases.start(spec, "1.0.3", "carol")).startsWith("shop-1.0.3-");
  }

  @Test
  void aLockLeftBehindByAnEndedReleaseDoesNotBlockTheApp() throws Exception {
    startTemporal(false);
    ReleaseSpec spec = spec("shop");
    // A release that ended, and a lock naming it that no worker will ever close.
    String gone = "shop-0.9.0-gone";
    ReleaseRequest old = new ReleaseRequest(gone, "0.9.0", "carol", spec);
    WorkflowStub release =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(
                ReleaseWorkflow.TYPE,
                WorkflowOptions.newBuilder().setWorkflowId(gone).setTaskQueue("nobody").build());
    release.start(old);
    release.terminate("gone");
    WorkflowStub lock =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(
                AppLockWorkflow.TYPE,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(AppLockWorkflow.idFor("shop"))
                    .setTaskQueue("nobody")
                    .setMemo(Map.of("app", "shop", "version", "0.9.0", "release", gone))
                    .build());
    lock.start(old);

    String id = releases.start(spec, "1.0.0", "carol");

    assertThat(releases.runningRelease("shop")).hasValue(id);
    assertThatThrownBy(() -> releases.start(spec, "1.0.1", "carol"))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.runningId()).isEqualTo(id));
  }

  @Test
  void aReleaseStartedBeforeTheLockExistedStillHoldsItsAppOnly() throws Exception {
    startTemporal(false);
    // started by a first-wave CLI: the release workflow alone, its app in the memo, no lock
    String old = "shop-0.9.0-old1";
    env.getWorkflowClient()
        .newUntypedWorkflowStub(
            ReleaseWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(old)
                .setTaskQueue(NO_WORKER)
                .setMemo(Map.of("app", "shop", "version", "0.9.0"))
                .build())
        .start(new ReleaseRequest(old, "0.9.0", "carol", spec("shop")));

    assertThatThrownBy(() -> releases.start(spec("shop"), "1.0.0", "carol"))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.runningId()).isEqualTo(old));
    assertThat(releases.runningRelease("shop")).hasValue(old);
    // "shop-api" starts with "shop-", and is another app
    assertThat(releases.start(spec("shop-api"), "1.0.0", "carol")).startsWith("shop-api-1.0.0-");
    assertThat(releases.runningRelease("shop")).hasValue(old);
  }

  @Test
  void aReleaseNoWorkerPickedUpYetHoldsTheAppAndIsListed() throws Exception {
    startTemporal(false);
    ReleaseSpec spec = spec("shop");

    String id = releases.start(spec, "1.0.0", "carol");

    assertThatThrownBy(() -> releases.start(spec, "1.0.1", "carol"))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.runningId()).isEqualTo(id));
    assertThat(releases.list(false))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id()).isEqualTo(id);
              assertThat(s.app()).isEqualTo("shop");
              assertThat(s.state()).isEqualTo(ReleaseState.RUNNING);
            });
    assertThatThrownBy(() -> releases.status(id))
        .as("not 'no such release': it exists, no worker runs it yet")
        .isNotInstanceOf(RefusedException.class)
        .hasMessageContaining("has not started running yet")
        .hasMessageContaining("worker");
  }
}
