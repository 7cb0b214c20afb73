package dev.greenlight.activities;

import io.temporal.activity.ActivityExecutionContext;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats an activity from a background thread while blocking work runs (a Flyway migration,
 * smoke requests, a router hook), so that Temporal notices a dead worker within the heartbeat
 * timeout instead of the activity's start-to-close timeout.
 *
 * <pre>
 * var context = Activity.getExecutionContext();
 * try (BackgroundHeartbeat beat = BackgroundHeartbeat.start(context, "migrating")) {
 *   flyway.migrate();
 * }
 * </pre>
 *
 * A cancellation that arrives with a heartbeat does not stop the work: it ends on its own.
 *
 * <p>Closing never interrupts a heartbeat on the wire: the SDK sends it as a blocking gRPC call,
 * and an interrupted call is logged by the SDK as a WARN with a stack trace (one per finished step
 * under load). The heartbeat in flight ends by itself; no new one starts.
 */
public final class BackgroundHeartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackgroundHeartbeat.class);

  private final ScheduledExecutorService timer;

  private BackgroundHeartbeat(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Heartbeats with {@code details} now and every second until closed. */
  public static BackgroundHeartbeat start(ActivityExecutionContext activity, Object details) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "activity-heartbeat");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(
        () -> {
          try {
            activity.heartbeat(details); // the SDK sends at most one per 0.8 x heartbeat timeout
          } catch (RuntimeException e) {
            // cancelled, or the worker is stopping: the work in progress finishes or fails by
            // itself
            log.debug("heartbeat not sent ({}): {}", details, e.toString());
          }
        },
        0,
        1,
        TimeUnit.SECONDS);
    return new BackgroundHeartbeat(timer);
  }

  @Override
  public void close() {
    timer.shutdown(); // not shutdownNow(): see the class comment
  }
}
