package dev.greenlight.worker;

import dev.greenlight.activities.CompletesAsynchronously;
import dev.greenlight.activities.RunsHooks;
import dev.greenlight.api.activities.TrafficActivities;
import dev.greenlight.api.spec.RouterTypes;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import dev.greenlight.workflows.TrafficTaskQueue;
import dev.greenlight.workflows.UndoWorkflowImpl;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Greenlight worker: the release and app-lock workflows and every activity on one task
 * queue, and the traffic activities also on a queue of their own ({@link TrafficTaskQueue}) with
 * their own slots, so a rollback's switch never waits behind monitor watches.
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
  private final boolean trafficServed;
  private final WorkerFactoryOptions factoryOptions;

  private ReleaseWorker(
      WorkerFactory factory,
      WorkerFactoryOptions factoryOptions,
      String taskQueue,
      List<Object> activities,
      Duration drainTimeout,
      boolean trafficServed) {
    this.factory = factory;
    this.factoryOptions = factoryOptions;
    this.taskQueue = taskQueue;
    this.activities = List.copyOf(activities);
    this.drainTimeout = drainTimeout;
    this.trafficServed = trafficServed;
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
    return start(client, taskQueue, activities, drainTimeout, WorkerTuning.DEFAULTS);
  }

  /**
   * Starts polling {@code taskQueue} and its traffic queue.
   *
   * @param activities activity implementations to register
   * @param drainTimeout how long {@link #close()} lets running activities finish
   * @param tuning slots and cache sizes
   */
  public static ReleaseWorker start(
      WorkflowClient client,
      String taskQueue,
      List<Object> activities,
      Duration drainTimeout,
      WorkerTuning tuning) {
    if (drainTimeout.isNegative())
      throw new IllegalArgumentException("the drain timeout must not be negative");
    RouterTypes.SUPPORTED.size(); // see RouterTypes: load the registry outside workflow threads
    Duration sticky = tuning.stickyScheduleToStart();
    if (sticky == null && ServerKind.isJavaTestServer(client.getWorkflowServiceStubs())) {
      // the Java test server never moves a release off a dead worker's sticky queue: a
      // replacement worker would wait for it forever. A real server does, after the SDK's
      // timeout; there the sticky queue spares a replay of the whole history on every task.
      sticky = Duration.ZERO;
    }
    // With the sticky queue off every workflow task brings the whole history and is replayed
    // from it: a cached release would never be used again, only kept (a thread and its state
    // each) until evicted. So the smallest cache then (the SDK takes 0 for its default, 600).
    int cacheSize = sticky != null && sticky.isZero() ? 1 : tuning.stickyCacheSize();
    WorkerFactoryOptions factoryOptions =
        WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(cacheSize).build();
    WorkerFactory factory = WorkerFactory.newInstance(client, factoryOptions);
    WorkerOptions.Builder options =
        WorkerOptions.newBuilder()
            .setMaxConcurrentActivityExecutionSize(tuning.maxConcurrentActivities())
            .setMaxConcurrentWorkflowTaskExecutionSize(tuning.maxConcurrentWorkflowTasks())
            // while draining, a deploy keeps heartbeating its marker and its hook runs on;
            // without this the first heartbeat after shutdown() throws and the hook is killed
            // unrecorded
            .setAllowActivityHeartbeatDuringShutdown(true);
    // the operator's choice (--sticky-schedule-to-start) on any server, else per server
    if (sticky != null) options.setStickyQueueScheduleToStartTimeout(sticky);
    Worker worker = factory.newWorker(taskQueue, options.build());
    // the release, and the per-app lock that starts it (one release per app, enforced by Temporal)
    worker.registerWorkflowImplementationTypes(
        ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class, UndoWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.toArray());
    for (Object a : activities) {
      // monitor watches wait without a thread or a slot: a scheduler completes them
      if (a instanceof CompletesAsynchronously async)
        async.completeWith(client.newActivityCompletionClient());
    }
    Object[] traffic = activities.stream().filter(a -> a instanceof TrafficActivities).toArray();
    if (traffic.length > 0) {
      Worker trafficWorker =
          factory.newWorker(
              TrafficTaskQueue.of(taskQueue),
              WorkerOptions.newBuilder()
                  .setMaxConcurrentActivityExecutionSize(tuning.trafficSlots())
                  .setAllowActivityHeartbeatDuringShutdown(true)
                  .build());
      trafficWorker.registerActivitiesImplementations(traffic);
    }
    factory.start();
    if (traffic.length > 0) TrafficTaskQueue.serve(taskQueue);
    log.info(
        "worker polling task queue '{}' in namespace '{}'",
        taskQueue,
        client.getOptions().getNamespace());
    return new ReleaseWorker(
        factory, factoryOptions, taskQueue, activities, drainTimeout, traffic.length > 0);
  }

  public String taskQueue() {
    return taskQueue;
  }

  /** The options of the worker polling {@code queue} (this worker's, or its traffic queue's). */
  WorkerOptions options(String queue) {
    return factory.getWorker(queue).getWorkerOptions();
  }

  /** The sticky cache size this worker's factory was built with. */
  int stickyCacheSize() {
    return factoryOptions.getWorkflowCacheSize();
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
    if (trafficServed) TrafficTaskQueue.unserve(taskQueue);
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
    for (Object a : activities) {
      // their watches stop heartbeating and are retried by another worker
      if (a instanceof CompletesAsynchronously async) async.stopCompleting();
    }
    log.info("worker stopped");
  }
}
