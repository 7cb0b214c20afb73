package dev.greenlight.activities.traffic.release;

import dev.greenlight.activities.traffic.TrafficActivitiesImpl;
import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The real release workflow on an in-process Temporal test server, in real time (no time skipping:
 * the routers, backends and probes these releases drive run in real time anyway), with the real
 * traffic activities, the given monitor activities, and {@link InstantPreparation} for everything
 * before the approval.
 */
public final class ReleaseRunner implements AutoCloseable {
  private static final String QUEUE = "greenlight-release-test";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final TestWorkflowEnvironment env;
  private final WorkflowClient client;

  private ReleaseRunner(TestWorkflowEnvironment env) {
    this.env = env;
    this.client = env.getWorkflowClient();
  }

  /**
   * Starts the test server and a worker registering {@code monitor} beside the real traffic
   * activities.
   */
  public static ReleaseRunner start(MonitorActivities monitor) {
    // hand-built, not TestWorkflowExtension: ReleaseSwitchBenchmark's main() runs releases too
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new TrafficActivitiesImpl(BlueGreenStand.ENVIRONMENT), monitor, new InstantPreparation());
    env.start();
    return new ReleaseRunner(env);
  }

  /** Starts a release of {@code version} initiated by carol; returns its stub. */
  public ReleaseWorkflow start(ReleaseSpec spec, String version) {
    String id = spec.app() + "-" + version + "-r" + COUNTER.incrementAndGet();
    ReleaseWorkflow wf =
        client.newWorkflowStub(
            ReleaseWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
    WorkflowClient.start(wf::release, new ReleaseRequest(id, version, "carol", spec));
    return wf;
  }

  /**
   * Waits for the approval stage, then approves as alice through the update the CLI uses; returns
   * when it is accepted.
   */
  public void approve(ReleaseWorkflow wf) throws InterruptedException {
    await(
        wf,
        s -> s.stage() == Stage.AWAITING_APPROVAL,
        Duration.ofSeconds(30),
        Duration.ofMillis(10));
    wf.approveUpdate(Decision.approve("alice", "ship it"));
  }

  /**
   * Polls status every {@code poll} until {@code until} holds; fails with the last status after
   * {@code timeout}.
   */
  public static ReleaseStatus await(
      ReleaseWorkflow wf, Predicate<ReleaseStatus> until, Duration timeout, Duration poll)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ReleaseStatus s = null;
    while (System.nanoTime() < deadline) {
      s = wf.status();
      if (s != null && until.test(s)) return s;
      Thread.sleep(poll.toMillis());
    }
    throw new AssertionError(
        "the release did not get there within " + timeout + "; last status: " + s);
  }

  /** Waits until the release has ended and returns its final status. */
  public static ReleaseStatus awaitEnd(ReleaseWorkflow wf, Duration timeout)
      throws InterruptedException {
    return await(wf, s -> s.state().finished(), timeout, Duration.ofMillis(50));
  }

  @Override
  public void close() {
    env.close();
  }
}
