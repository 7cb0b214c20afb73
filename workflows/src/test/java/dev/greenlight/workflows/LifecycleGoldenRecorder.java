package dev.greenlight.workflows;

import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.lifecycle.AppView;
import dev.greenlight.api.lifecycle.ColorFacts;
import dev.greenlight.api.lifecycle.InspectionActivities;
import dev.greenlight.api.lock.AppLockWorkflow;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.SpecLoader;
import dev.greenlight.client.AppOperations;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Records the {@code lifecycle-*} golden histories replayed by {@link GoldenHistoryReplayTest}: the
 * paths after the switch, run by the current workflow code (real time, through the client the CLI
 * uses) against fake activities.
 *
 * <ul>
 *   <li>{@code lifecycle-app}: the app's long-lived workflow: a release, the standby sync, a second
 *       release, an undo, a third release and a refused undo (it is still running: idle);
 *   <li>{@code lifecycle-undo}: the undo of that story (no approval: {@code undo.approval: none});
 *   <li>{@code lifecycle-undo-refused}: an undo refused by its check (the other color was
 *       redeployed);
 *   <li>{@code lifecycle-undo-approved}: an undo that waits for an approval (the default);
 *   <li>{@code lifecycle-drift-caught}: a release failed by drift before the switch;
 *   <li>{@code lifecycle-drift-warn}: a release that records drift and goes on ({@code mode:
 *       warn});
 *   <li>{@code lifecycle-promote-full}: a progressive release cut short by {@code promote --full}.
 * </ul>
 *
 * Run it only when a deliberate, versioned change needs new goldens (as {@link
 * GoldenHistoryRecorder}, with this class's name):
 *
 * <pre>
 * mvn -q -pl workflows -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp workflows/target/test-classes:workflows/target/classes:$(cat workflows/target/cp.txt) \
 *   dev.greenlight.workflows.LifecycleGoldenRecorder workflows/src/test/resources/golden</pre>
 */
public final class LifecycleGoldenRecorder {
  private static final String QUEUE = "golden-lifecycle";

  /** What each color reports: its version and config.hash. */
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

  private final Path out;
  private final Path specDir;
  private final FakeActivities fake = new FakeActivities();
  private final Inspection inspection = new Inspection();
  private final TestWorkflowEnvironment env;
  private final ReleaseClient releases;
  private final AppOperations apps;

  private LifecycleGoldenRecorder(Path out) throws Exception {
    this.out = out;
    this.specDir = Files.createTempDirectory("golden-lifecycle-spec");
    Files.createDirectories(specDir.resolve("db/migration"));
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
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "workflows/src/test/resources/golden");
    Files.createDirectories(out);
    LifecycleGoldenRecorder r = new LifecycleGoldenRecorder(out);
    try {
      r.appStory();
      r.undoWithApproval();
      r.drift();
      r.promoteFull();
    } finally {
      r.env.close();
    }
    System.exit(0);
  }

  private ReleaseSpec spec(String app, String... sections) throws Exception {
    SpecBuilder b =
        SpecBuilder.release(specDir)
            .app(app)
            .with("approval", "{approvers: [alice], required: 1, timeout: 1h}")
            .with("monitor", "{window: 1s, interval: 500ms}")
            .with("undo", "{approval: none}");
    for (int i = 0; i < sections.length; i += 2) b.with(sections[i], sections[i + 1]);
    return SpecLoader.parse(b.yaml(), specDir.resolve(app + ".yaml"));
  }

  /** Starts, approves as alice and waits for the end. */
  private ReleaseStatus release(ReleaseSpec spec, String version) throws Exception {
    String id = releases.start(spec, version, "carol");
    await(id, s -> s.stage() == Stage.AWAITING_APPROVAL || s.state().finished());
    if (!releases.status(id).state().finished()) releases.approve(id, "alice", "ship it");
    return releases.watch(id, s -> {});
  }

  private ReleaseStatus await(String id, Predicate<ReleaseStatus> until) throws Exception {
    for (int i = 0; i < 600; i++) {
      ReleaseStatus s = releases.status(id);
      if (until.test(s)) return s;
      Thread.sleep(50);
    }
    throw new IllegalStateException(id + " never got there: " + releases.status(id));
  }

  private AppView awaitView(String app, Predicate<AppView> until) throws Exception {
    for (int i = 0; i < 600; i++) {
      AppView v = apps.view(app);
      if (until.test(v)) return v;
      Thread.sleep(50);
    }
    throw new IllegalStateException(app + " never got there: " + apps.view(app));
  }

  private static void expect(ReleaseStatus s, ReleaseState state) {
    if (s.state() != state) throw new IllegalStateException("expected " + state + ": " + s);
  }

  private void save(String name, String workflowId) throws Exception {
    String json = env.getWorkflowClient().fetchHistory(workflowId).toJson(true);
    Path file = out.resolve(name + ".json");
    Files.writeString(file, json);
    System.out.println(name + ": " + workflowId + " -> " + file);
  }

  /** shop: release, standby sync, release, undo, release, refused undo. */
  private void appStory() throws Exception {
    ReleaseSpec synced = spec("shop", "standby", "{syncAfter: 1s}");
    expect(release(synced, "1.0.0"), ReleaseState.SUCCEEDED); // green live
    awaitView("shop", v -> v.standbyInSync() && v.running() == null); // blue runs 1.0.0 too
    expect(release(spec("shop"), "2.0.0"), ReleaseState.SUCCEEDED); // blue live
    inspection.version.put(Color.GREEN, "1.0.0");
    String undo = apps.undo("shop", "dave", "checkout errors");
    expect(releases.watch(undo, s -> {}), ReleaseState.SUCCEEDED); // green live again
    save("lifecycle-undo", undo);
    awaitView("shop", v -> v.running() == null);
    expect(release(spec("shop"), "3.0.0"), ReleaseState.SUCCEEDED); // blue live
    inspection.version.put(Color.GREEN, "1.5.0"); // redeployed by hand
    String refused = apps.undo("shop", "dave", "errors");
    expect(releases.watch(refused, s -> {}), ReleaseState.FAILED);
    save("lifecycle-undo-refused", refused);
    awaitView("shop", v -> v.running() == null);
    Thread.sleep(500); // the app's workflow task after the undo's end is completed
    save("lifecycle-app", AppLockWorkflow.idFor("shop"));
  }

  /** cart: an undo that waits for alice's approval. */
  private void undoWithApproval() throws Exception {
    fake.live = Color.BLUE;
    ReleaseSpec spec = spec("cart", "undo", "{approval: release}");
    expect(release(spec, "1.0.0"), ReleaseState.SUCCEEDED); // green live
    expect(release(spec, "2.0.0"), ReleaseState.SUCCEEDED); // blue live
    inspection.version.put(Color.GREEN, "1.0.0");
    String undo = apps.undo("cart", "dave", "slow checkout");
    await(undo, s -> s.stage() == Stage.AWAITING_APPROVAL);
    releases.approve(undo, "alice", "go back");
    expect(releases.watch(undo, s -> {}), ReleaseState.SUCCEEDED);
    save("lifecycle-undo-approved", undo);
  }

  /**
   * drift: config.hash differs; fails the release, or (warn) is recorded and the release goes on.
   */
  private void drift() throws Exception {
    inspection.hash.put(Color.GREEN, "h2");
    inspection.hash.put(Color.BLUE, "h1");
    String caught =
        releases.start(spec("drift", "drift", "{fields: [config.hash]}"), "1.0.0", "carol");
    expect(releases.watch(caught, s -> {}), ReleaseState.FAILED);
    save("lifecycle-drift-caught", caught);
    awaitView("drift", v -> v.running() == null);
    ReleaseSpec warn = spec("drift", "drift", "{fields: [config.hash], mode: warn}");
    ReleaseStatus warned = release(warn, "1.0.1");
    expect(warned, ReleaseState.SUCCEEDED);
    save("lifecycle-drift-warn", warned.id());
    inspection.hash.put(Color.GREEN, "h1");
  }

  /** promo: steps 10, 50, 100 with a 1h hold; promote --full at 10%. */
  private void promoteFull() throws Exception {
    ReleaseSpec spec =
        spec(
            "promo",
            "router",
            "{type: embedded, url: \"http://127.0.0.1:1\", steps: [10, 50, 100], stepHold: 1h}");
    String id = releases.start(spec, "1.0.0", "carol");
    await(id, s -> s.stage() == Stage.AWAITING_APPROVAL);
    fake.monitorBlocks = true;
    releases.approve(id, "alice", null);
    await(id, s -> s.stage() == Stage.MONITORING && s.trafficPercent() == 10);
    releases.promoteFull(id, "alice", "looks good");
    fake.monitorBlocks = false;
    expect(releases.watch(id, s -> {}), ReleaseState.SUCCEEDED);
    save("lifecycle-promote-full", id);
  }
}
