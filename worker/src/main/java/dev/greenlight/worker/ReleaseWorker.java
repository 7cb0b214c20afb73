package dev.greenlight.worker;

import dev.greenlight.activities.RunsHooks;
import dev.greenlight.api.spec.RouterTypes;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import dev.greenlight.workflows.UndoWorkflowImpl;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Greenlight worker: the release and app-lock workflows and every activity on one task
 * queue.
 *
 * <p>Stopping it gracefully ({@link #close()}, SIGTERM) is at least as safe as killing it: it stops
 * polling and lets running activities finish within the drain timeout, heartbeating as usual. Hooks
 * still running after that are stopped and recorded as stopped ({@link RunsHooks}), so the retry on
 * another worker runs them again instead of waiting for an effect that will never come.
 */
public final class ReleaseWorker implements AutoCloseable {
  /** How long a stopping worker lets running activities (a deploy hook, say) finish, by default. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(60);

  /** After the drain timeout: how long stopped hooks get to record that they were stopped. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private static final Logger log = LoggerFactory.getLogger(ReleaseWorker.class);

  private final WorkerFactory factory;
  private final String taskQueue;
  private final List<Object> activities;
  private final Duration drainTimeout;

  private ReleaseWorker(
      WorkerFactory factory, String taskQueue, List<Object> activities, Duration drainTimeout) {
    this.factory = factory;
    this.taskQueue = taskQueue;
    this.activities = List.copyOf(activities);
    this.drainTimeout = drainTimeout;
  }

  /** Starts polling {@code taskQueue}, with the {@link #DEFAULT_DRAIN_TIMEOUT}. */
  public static ReleaseWorker start(
      WorkflowClient client, String taskQueue, List<Object> activities) {
    return start(client, taskQueue, activities, DEFAULT_DRAIN_TIMEOUT);
  }

  /**
   * Starts polling {@code taskQueue}.
   *
   * @param activities activity implementations to register
   * @param drainTimeout how long {@link #close()} lets running activities finish
   */
  public static ReleaseWorker start(
      WorkflowClient client, String taskQueue, List<Object> activities, Duration drainTimeout) {
    if (drainTimeout.isNegative())
      throw new IllegalArgumentException("the drain timeout must not be negative");
    RouterTypes.SUPPORTED.size(); // see RouterTypes: load the registry outside workflow threads
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker =
        factory.newWorker(
            taskQueue,
            WorkerOptions.newBuilder()
                // a replacement worker must pick up a dead worker's releases at once, not after
                // the sticky timeout (on the Java test server they would otherwise stay stuck on
                // the sticky queue)
                .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                // while draining, a deploy keeps heartbeating its marker and its hook runs on;
                // without this the first heartbeat after shutdown() throws and the hook is killed
                // unrecorded
                .setAllowActivityHeartbeatDuringShutdown(true)
                .build());
    // the release, and the per-app lock that starts it (one release per app, enforced by Temporal)
    worker.registerWorkflowImplementationTypes(
        ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class, UndoWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.toArray());
    factory.start();
    log.info(
        "worker polling task queue '{}' in namespace '{}'",
        taskQueue,
        client.getOptions().getNamespace());
    return new ReleaseWorker(factory, taskQueue, activities, drainTimeout);
  }

  public String taskQueue() {
    return taskQueue;
  }

  /** Blocks until the worker is shut down (e.g. by {@link #close()} from a shutdown hook). */
  public void awaitTermination() throws InterruptedException {
    while (!factory.isTerminated()) {
      factory.awaitTermination(1, TimeUnit.SECONDS);
    }
  }

  /**
   * Drains: stops polling and lets running activity attempts finish within the drain timeout; then
   * stops running hooks (recorded as stopped, so their retries run them again) and stops.
   */
  @Override
  public void close() {
    if (factory.isShutdown()) return;
    log.info("worker draining (up to {}s for running activities)", drainTimeout.toSeconds());
    factory.shutdown();
    factory.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      log.warn(
          "drain timeout passed: stopping running hooks; their releases go on with another worker");
      for (Object a : activities) {
        if (a instanceof RunsHooks hooks) hooks.stopHooks();
      }
      factory.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (!factory.isTerminated()) {
      factory.shutdownNow();
      factory.awaitTermination(5, TimeUnit.SECONDS);
    }
    log.info("worker stopped");
  }
}
