package dev.greenlight.worker;

import dev.greenlight.workflows.ReleaseWorkflowImpl;
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

/** A running Greenlight worker: the release and app-lock workflows and every activity on one task queue. */
public final class ReleaseWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReleaseWorker.class);

  private final WorkerFactory factory;
  private final String taskQueue;

  private ReleaseWorker(WorkerFactory factory, String taskQueue) {
    this.factory = factory;
    this.taskQueue = taskQueue;
  }

  /**
   * Starts polling {@code taskQueue}.
   *
   * @param activities activity implementations to register
   */
  public static ReleaseWorker start(WorkflowClient client, String taskQueue, List<Object> activities) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(taskQueue, WorkerOptions.newBuilder()
        // a replacement worker must pick up a dead worker's releases at once, not after the sticky
        // timeout (on the Java test server they would otherwise stay stuck on the sticky queue)
        .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
        .build());
    // the release, and the per-app lock that starts it (one release per app, enforced by Temporal)
    worker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.toArray());
    factory.start();
    log.info("worker polling task queue '{}' in namespace '{}'", taskQueue, client.getOptions().getNamespace());
    return new ReleaseWorker(factory, taskQueue);
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

  /** Drains: stops polling, lets running activity attempts finish (bounded), then stops. */
  @Override
  public void close() {
    if (factory.isShutdown()) return;
    log.info("worker draining");
    factory.shutdown();
    factory.awaitTermination(30, TimeUnit.SECONDS);
    if (!factory.isTerminated()) factory.shutdownNow();
    log.info("worker stopped");
  }
}
