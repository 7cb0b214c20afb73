package dev.greenlight.workflows;

import io.temporal.workflow.Workflow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a release schedules its traffic activities (liveColor, switchTo, verifyServing, and so the
 * rollback's switch back): on a task queue of their own, so that they never wait for an activity
 * slot behind monitor watches that hold every slot of the main queue.
 *
 * <p>A worker that polls that queue says so with {@link #serve}; the release asks once, when it
 * starts, and records the answer in its history (a side effect), so a replay schedules where the
 * original did. A worker that does not serve it (a test that registers every activity on one queue,
 * a release started before this existed) keeps them on the workflow's own queue.
 */
public final class TrafficTaskQueue {
  /** The change id of {@link #forThisRelease()}: releases before it keep one queue. */
  static final String CHANGE = "worker-traffic-queue-1";

  /** Workflow queue -> how many workers in this process serve its traffic queue. */
  private static final Map<String, Integer> SERVED = new ConcurrentHashMap<>();

  private TrafficTaskQueue() {}

  /** The traffic task queue beside the workflow task queue {@code taskQueue}. */
  public static String of(String taskQueue) {
    return taskQueue + "-traffic";
  }

  /** A worker of this process now polls {@link #of}({@code taskQueue}). */
  public static void serve(String taskQueue) {
    SERVED.merge(taskQueue, 1, Integer::sum);
  }

  /** A worker of this process stopped polling {@link #of}({@code taskQueue}). */
  public static void unserve(String taskQueue) {
    SERVED.computeIfPresent(taskQueue, (q, n) -> n <= 1 ? null : n - 1);
  }

  /**
   * Workflow code: the task queue for this release's traffic activities, or null for the workflow's
   * own queue.
   */
  static String forThisRelease() {
    int version = Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1);
    if (version == Workflow.DEFAULT_VERSION) return null;
    String queue = Workflow.getInfo().getTaskQueue();
    String chosen =
        Workflow.sideEffect(String.class, () -> SERVED.containsKey(queue) ? of(queue) : "");
    return chosen.isEmpty() ? null : chosen;
  }
}
