package dev.greenlight.activities.traffic.release;

import dev.greenlight.activities.inspect.InspectionActivitiesImpl;
import dev.greenlight.activities.monitor.MonitorActivitiesImpl;
import dev.greenlight.activities.traffic.TrafficActivitiesImpl;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.lifecycle.UndoSpec;
import dev.greenlight.client.AppOperations;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import dev.greenlight.workflows.UndoWorkflowImpl;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The app's workflow, the release and the undo on an in-process Temporal test server in real time,
 * with the real traffic, monitor and inspection activities and {@link InstantPreparation}; driven
 * through the client the CLI uses ({@link ReleaseClient}, {@link AppOperations}).
 */
public final class AppRunner implements AutoCloseable {
  private static final String QUEUE = "greenlight-undo-test";

  private final TestWorkflowEnvironment env;
  private final ReleaseClient releases;
  private final AppOperations apps;

  private AppRunner(TestWorkflowEnvironment env) {
    this.env = env;
    this.releases = new ReleaseClient(TemporalConnection.using(env.getWorkflowClient(), QUEUE));
    this.apps = new AppOperations(releases);
  }

  public static AppRunner start() {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(
        ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class, UndoWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new TrafficActivitiesImpl(BlueGreenStand.ENVIRONMENT),
        new MonitorActivitiesImpl(),
        new InstantPreparation(),
        new InspectionActivitiesImpl());
    env.start();
    return new AppRunner(env);
  }

  public ReleaseClient releases() {
    return releases;
  }

  public AppOperations apps() {
    return apps;
  }

  /** {@code spec} with {@code undo: {approval: none}}: an undo switches back at once. */
  public static ReleaseSpec undoWithoutApproval(ReleaseSpec spec) {
    return new ReleaseSpec(
        spec.app(),
        spec.blue(),
        spec.green(),
        spec.health(),
        spec.router(),
        spec.database(),
        spec.smoke(),
        spec.approval(),
        spec.monitor(),
        spec.specFile(),
        spec.notifyTargets(),
        new UndoSpec(UndoSpec.NONE),
        spec.standby(),
        spec.drift());
  }

  /** Starts a release as carol, approves it as alice and returns its final status. */
  public ReleaseStatus release(ReleaseSpec spec, String version, Duration limit) throws Exception {
    String id = releases.start(spec, version, "carol");
    await(id, s -> s.stage() == Stage.AWAITING_APPROVAL || s.state().finished(), limit);
    if (!releases.status(id).state().finished()) releases.approve(id, "alice", "ship it");
    return await(id, s -> s.state().finished(), limit);
  }

  /** Polls status every 5 ms until {@code until} holds; fails with the last status after limit. */
  public ReleaseStatus await(String id, Predicate<ReleaseStatus> until, Duration limit)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    ReleaseStatus s = releases.status(id);
    while (!until.test(s)) {
      if (System.nanoTime() > deadline)
        throw new AssertionError(id + " did not get there within " + limit + ": " + s);
      Thread.sleep(5);
      s = releases.status(id);
    }
    return s;
  }

  @Override
  public void close() {
    env.close();
  }
}
