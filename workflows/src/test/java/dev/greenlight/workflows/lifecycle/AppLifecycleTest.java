package dev.greenlight.workflows.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.lifecycle.AppEntry;
import dev.greenlight.api.lifecycle.AppView;
import dev.greenlight.api.lifecycle.ColorFacts;
import dev.greenlight.api.lifecycle.InspectionActivities;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.DecisionPayload;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.model.StepRecord;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.SpecLoader;
import dev.greenlight.client.AppOperations;
import dev.greenlight.client.RefusedException;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import dev.greenlight.workflows.UndoWorkflowImpl;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
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
 * The app after the switch, in real time through the client the CLI uses: undo, the refused undo,
 * the standby sync and its cancellation, the drift check, promote --full. Activities are fakes; the
 * app's workflow, the release and the undo are the real ones.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AppLifecycleTest {
  private static final String QUEUE = "greenlight-lifecycle-test";

  @TempDir Path dir;

  private final FakeActivities fake = new FakeActivities();
  private final Inspection inspection = new Inspection();

  private TestWorkflowEnvironment env;

  private ReleaseClient releases;
  private AppOperations apps;

  /** What each color reports: version and config.hash; fingerprints equal. */
  static final class Inspection implements InspectionActivities {
    final Map<Color, String> version = new ConcurrentHashMap<>();
    final Map<Color, String> hash =
        new ConcurrentHashMap<>(Map.of(Color.BLUE, "h1", Color.GREEN, "h1"));

    @Override
    public ColorFacts inspect(ReleaseContext ctx, Color color) {
      return new ColorFacts(
          color.label(), version.get(color), Map.of("config.hash", hash.get(color)), null);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    // real time: the standby sync waits for its timer as it would in production
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(
        ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class, UndoWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake, inspection);
    env.start();
    releases = new ReleaseClient(TemporalConnection.using(env.getWorkflowClient(), QUEUE));
    apps = new AppOperations(releases);
    Files.createDirectories(dir.resolve("db/migration"));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private ReleaseSpec spec(String... sections) throws Exception {
    SpecBuilder b =
        SpecBuilder.release(dir)
            .with("approval", "{approvers: [alice], required: 1, timeout: 1h}")
            .with("monitor", "{window: 1s, interval: 500ms}")
            .with("undo", "{approval: none}");
    for (int i = 0; i < sections.length; i += 2) b.with(sections[i], sections[i + 1]);
    return SpecLoader.parse(b.yaml(), dir.resolve("greenlight.yaml"));
  }

  /** Starts, approves as alice and waits for the end. */
  private ReleaseStatus release(ReleaseSpec spec, String version) throws Exception {
    String id = releases.start(spec, version, "carol");
    await(id, s -> s.stage() == Stage.AWAITING_APPROVAL || s.state().finished());
    if (!releases.status(id).state().finished()) releases.approve(id, "alice", null);
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

  private AppView awaitView(Predicate<AppView> until) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    AppView v = apps.view("shop");
    while (!until.test(v)) {
      assertThat(Instant.now()).as("waiting for the app view: %s", v).isBefore(deadline);
      Thread.sleep(50);
      v = apps.view("shop");
    }
    return v;
  }

  private static String step(ReleaseStatus s, String name) {
    return s.steps().stream()
        .filter(x -> x.name().equals(name))
        .map(StepRecord::status)
        .reduce((a, b) -> b)
        .orElse(null);
  }

  @Test
  void undoAfterASuccessfulReleaseSendsAllTrafficBackAndProvesIt() throws Exception {
    ReleaseSpec spec = spec();
    assertThat(release(spec, "1.0.0").state()).isEqualTo(ReleaseState.SUCCEEDED); // on green
    assertThat(release(spec, "2.0.0").state()).isEqualTo(ReleaseState.SUCCEEDED); // on blue
    assertThat(fake.live).isEqualTo(Color.BLUE);
    inspection.version.put(Color.GREEN, "1.0.0");
    fake.calls.clear();

    String undo = apps.undo("shop", "dave", "checkout errors");
    ReleaseStatus end = releases.watch(undo, s -> {});

    assertThat(end.state()).as("%s", end).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(fake.live).isEqualTo(Color.GREEN);
    assertThat(fake.calls).containsSubsequence("switch green 100", "verify green");
    assertThat(end.outcome()).contains("all traffic is back on green").contains("checkout errors");
    AppView view = awaitView(v -> v.running() == null);
    assertThat(view.live()).isEqualTo("green");
    assertThat(view.releases().get(0))
        .extracting(AppEntry::kind, AppEntry::state)
        .containsExactly("undo", "SUCCEEDED");
    assertThatThrownBy(() -> apps.undo("shop", "dave", "again"))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("nothing to undo");
  }

  @Test
  void anUndoListsMalformedUiSignalsAsRefusedAndStillTakesAnApproval() throws Exception {
    ReleaseSpec spec = spec("undo", "{approval: release}");
    assertThat(release(spec, "1.0.0").state()).isEqualTo(ReleaseState.SUCCEEDED); // on green
    assertThat(release(spec, "2.0.0").state()).isEqualTo(ReleaseState.SUCCEEDED); // on blue
    inspection.version.put(Color.GREEN, "1.0.0");

    String undo = apps.undo("shop", "dave", "checkout errors");
    await(undo, s -> s.stage() == Stage.AWAITING_APPROVAL);
    WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub(undo);
    stub.signal("approve", DecisionPayload.json("\"alice\""));
    stub.signal("Approve", DecisionPayload.json("{\"approver\": \"alice\"}"));
    ReleaseStatus refused = await(undo, s -> s.refusedCount() == 2);
    assertThat(refused.refused())
        .extracting(r -> r.command())
        .containsExactlyInAnyOrder("approve", "Approve");
    assertThat(fake.live).as("nothing switched on a refused signal").isEqualTo(Color.BLUE);

    stub.signal("approve", DecisionPayload.json("{\"approver\": \"alice\"}"));
    ReleaseStatus end = releases.watch(undo, s -> {});
    assertThat(end.state()).as("%s", end).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(fake.live).isEqualTo(Color.GREEN);
  }

  @Test
  void undoIsRefusedWhenTheOtherColorNoLongerRunsThePreviousVersion() throws Exception {
    ReleaseSpec spec = spec();
    release(spec, "1.0.0");
    release(spec, "2.0.0");
    inspection.version.put(Color.GREEN, "1.5.0"); // someone redeployed green by hand
    fake.calls.clear();

    ReleaseStatus end = releases.watch(apps.undo("shop", "dave", "errors"), s -> {});

    assertThat(end.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(step(end, "check")).isEqualTo("FAILED");
    assertThat(end.outcome()).contains("green runs 1.5.0, no longer 1.0.0");
    assertThat(fake.live).as("traffic untouched").isEqualTo(Color.BLUE);
    assertThat(fake.calls).noneMatch(c -> c.startsWith("switch"));
  }

  @Test
  void theStandbyGetsTheLiveVersionOnceTheReleaseStayedLiveLongEnough() throws Exception {
    ReleaseSpec spec = spec("standby", "{syncAfter: 2s}");
    assertThat(release(spec, "1.0.0").state()).isEqualTo(ReleaseState.SUCCEEDED); // green live
    assertThat(apps.view("shop").syncDueAt()).isNotNull();

    AppView view = awaitView(v -> v.standbyInSync() && v.running() == null);

    assertThat(fake.calls.stream().filter(c -> c.equals("deploy blue 1.0.0")))
        .as("the deploy hook ran on the old color exactly once")
        .hasSize(1);
    assertThat(fake.calls).containsSubsequence("deploy blue 1.0.0", "health blue", "smoke blue");
    assertThat(view.live()).isEqualTo("green");
    assertThat(view.colors().blue().version()).isEqualTo("1.0.0");
    assertThat(view.colors().green().version()).isEqualTo("1.0.0");
    assertThat(view.releases().get(0).kind()).isEqualTo("sync");
    assertThat(fake.live).as("traffic untouched").isEqualTo(Color.GREEN);
    Thread.sleep(2500); // and not again
    assertThat(fake.calls.stream().filter(c -> c.equals("deploy blue 1.0.0"))).hasSize(1);
  }

  @Test
  void aNewReleaseBeforeTheTimerCancelsTheSync() throws Exception {
    ReleaseSpec spec = spec("standby", "{syncAfter: 3s}");
    release(spec, "1.0.0"); // green live, sync of blue due in 3 s
    release(spec(), "2.0.0"); // blue live now

    Thread.sleep(4000);

    assertThat(fake.calls).doesNotContain("deploy blue 1.0.0");
    AppView view = apps.view("shop");
    assertThat(view.syncDueAt()).isNull();
    assertThat(view.releases()).extracting(AppEntry::kind).doesNotContain("sync");
  }

  @Test
  void driftBetweenTheColorsFailsTheReleaseBeforeTheSwitch() throws Exception {
    inspection.hash.put(Color.GREEN, "h2");
    ReleaseSpec spec = spec("drift", "{fields: [config.hash]}");

    String id = releases.start(spec, "1.0.0", "carol");
    ReleaseStatus end = releases.watch(id, s -> {});

    assertThat(end.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(step(end, "drift")).isEqualTo("FAILED");
    assertThat(end.outcome()).contains("config.hash differs: green=h2, blue=h1");
    assertThat(fake.calls).noneMatch(c -> c.startsWith("switch"));
  }

  @Test
  void promoteFullSkipsTheRemainingHolds() throws Exception {
    ReleaseSpec spec =
        spec(
            "router",
            "{type: embedded, url: \"http://127.0.0.1:18080\", steps: [10, 50, 100],"
                + " stepHold: 1h}");
    String id = releases.start(spec, "1.0.0", "carol");
    await(id, s -> s.stage() == Stage.AWAITING_APPROVAL);
    assertThatThrownBy(() -> releases.promoteFull(id, "alice", null))
        .as("not before approval")
        .isInstanceOf(RefusedException.class);
    fake.monitorBlocks = true; // the 1h hold at 10% holds until the promote cuts it short
    releases.approve(id, "alice", null);
    await(id, s -> s.stage() == Stage.MONITORING && s.trafficPercent() == 10);
    assertThatThrownBy(() -> releases.promoteFull(id, "carol", null))
        .as("the initiator is no approver")
        .isInstanceOf(RefusedException.class);

    assertThat(releases.promoteFull(id, "alice", "looks good")).contains("promoted to 100%");
    fake.monitorBlocks = false; // the monitor window after 100% ends by itself
    ReleaseStatus end = releases.watch(id, s -> {});

    assertThat(end.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(step(end, "promote")).isEqualTo("SUCCEEDED");
    assertThat(fake.calls).contains("switch green 10", "switch green 100");
    assertThat(fake.calls).doesNotContain("switch green 50");
  }
}
