package dev.greenlight.workflows;

import dev.greenlight.api.spec.ReleaseSpec;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * How long each activity of a release may take and how it is retried, built from the spec when the
 * release starts. A replay does not compare retry options, so they may change without a version.
 *
 * <p>Every activity heartbeats (from a background thread where the work blocks), so a killed
 * worker's attempt is retried {@link #HEARTBEAT} after its last heartbeat, whatever its
 * start-to-close timeout. Permanent failures are non-retryable and never retried.
 */
final class ReleaseActivityOptions {
  /** A worker that stops heartbeating for this long is presumed dead and the attempt retried. */
  static final Duration HEARTBEAT = Duration.ofSeconds(10);

  /** Transient failures (connection refused, 503 while starting): about 15 s over 5 attempts. */
  static final RetryOptions TRANSIENT =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(5)
          .build();

  /**
   * PostgreSQL going away mid-migration (a restart, a failover, too many connections): about four
   * minutes over 8 attempts (2 s, 4 s, ... then every minute), because a database restart can
   * outlast {@link #TRANSIENT}'s 15 s.
   */
  static final RetryOptions DATABASE =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(1))
          .setMaximumAttempts(8)
          .build();

  private ReleaseActivityOptions() {}

  /** Up to the slower color's {@code deployTimeout}, plus a minute. */
  static ActivityOptions deploy(ReleaseSpec spec) {
    Duration slowest = max(spec.blue().deployTimeout(), spec.green().deployTimeout());
    return options(slowest.plusMinutes(1), TRANSIENT).build();
  }

  /** {@code health.timeout} plus 30 s; one retry (the activity polls by itself). */
  static ActivityOptions health(ReleaseSpec spec) {
    RetryOptions once = RetryOptions.newBuilder().setMaximumAttempts(2).build();
    return options(spec.health().timeout().plusSeconds(30), once).build();
  }

  static ActivityOptions migrate() {
    return options(Duration.ofMinutes(30), DATABASE).build();
  }

  static ActivityOptions smoke() {
    return options(Duration.ofMinutes(5), TRANSIENT).build();
  }

  /**
   * {@code router.verifyTimeout} plus a minute. A cancelled switch is waited for: a half-done
   * switch must finish before a rollback switches back.
   *
   * @param taskQueue the traffic activities' own task queue ({@link TrafficTaskQueue}), or null for
   *     the workflow's
   */
  static ActivityOptions traffic(ReleaseSpec spec, String taskQueue) {
    ActivityOptions.Builder b =
        options(spec.router().verifyTimeout().plusMinutes(1), TRANSIENT)
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
    if (taskQueue != null) b.setTaskQueue(taskQueue);
    return b.build();
  }

  /**
   * The longer of the window and the step hold, plus two minutes; heartbeats at least every three
   * sample intervals (a sample may take a while).
   */
  static ActivityOptions monitor(ReleaseSpec spec) {
    Duration longest = max(spec.monitor().window(), spec.router().stepHold());
    return options(longest.plusMinutes(2), TRANSIENT)
        .setHeartbeatTimeout(max(spec.monitor().interval().multipliedBy(3), HEARTBEAT))
        .build();
  }

  private static ActivityOptions.Builder options(Duration startToClose, RetryOptions retry) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setHeartbeatTimeout(HEARTBEAT)
        .setRetryOptions(retry);
  }

  static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
