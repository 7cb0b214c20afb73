package dev.greenlight.worker;

/**
 * How much one worker process takes on at once ({@code greenlight worker} flags).
 *
 * @param maxConcurrentActivities activity slots on the main task queue (deploys, health,
 *     migrations, smoke tests, monitor watches); {@code --max-concurrent-activities}
 * @param maxConcurrentWorkflowTasks workflow task slots; {@code --max-concurrent-workflow-tasks}
 * @param stickyCacheSize releases whose workflow state stays in memory between workflow tasks (the
 *     SDK's sticky cache): a cached release is not replayed from its history on every task; {@code
 *     --sticky-cache-size}
 * @param trafficSlots activity slots reserved for traffic activities (switch, verify, the switch
 *     back of a rollback) on their own task queue
 * @param stickyScheduleToStart how long a workflow task waits on this worker's sticky queue before
 *     any worker may take it; zero turns the sticky queue off (every task replays the history);
 *     null: the SDK's default, or zero against the Java test server, which never moves a task off a
 *     dead worker's sticky queue; {@code --sticky-schedule-to-start}
 */
public record WorkerTuning(
    int maxConcurrentActivities,
    int maxConcurrentWorkflowTasks,
    int stickyCacheSize,
    int trafficSlots,
    java.time.Duration stickyScheduleToStart) {

  /**
   * The SDK's defaults for the first three; 20 traffic slots; the sticky queue as the server suits.
   */
  public static final WorkerTuning DEFAULTS = new WorkerTuning(200, 200, 600, 20);

  public WorkerTuning {
    positive("maxConcurrentActivities", maxConcurrentActivities);
    positive("maxConcurrentWorkflowTasks", maxConcurrentWorkflowTasks);
    positive("stickyCacheSize", stickyCacheSize);
    positive("trafficSlots", trafficSlots);
    if (stickyScheduleToStart != null && stickyScheduleToStart.isNegative())
      throw new IllegalArgumentException(
          "stickyScheduleToStart must not be negative, not " + stickyScheduleToStart);
  }

  /** The sticky queue as the server suits (see {@link #stickyScheduleToStart}). */
  public WorkerTuning(
      int maxConcurrentActivities,
      int maxConcurrentWorkflowTasks,
      int stickyCacheSize,
      int trafficSlots) {
    this(maxConcurrentActivities, maxConcurrentWorkflowTasks, stickyCacheSize, trafficSlots, null);
  }

  private static void positive(String name, int value) {
    if (value < 1) throw new IllegalArgumentException(name + " must be at least 1, not " + value);
  }
}
