package dev.greenlight.activities.monitor;

import dev.greenlight.api.activities.MonitorReport;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.ActivityNotExistsException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per worker: takes the samples of every asynchronous {@code watchGrid} at their grid times,
 * heartbeats them and completes them through an {@link ActivityCompletionClient}, so that a
 * watching release holds neither a thread nor an activity slot while it waits.
 *
 * <p>One thread keeps time; {@value #SAMPLERS} take the samples (short: a burst of requests, a
 * query) and {@value #HEARTBEATERS} send the heartbeats, so a slow source does not starve the
 * heartbeats of the others. A heartbeat that reports the activity cancelled (an abort) ends its
 * watch; one that finds it gone (timed out, retried elsewhere) drops it. {@link #close()} stops
 * everything: the watches stop heartbeating and are retried by another worker after their heartbeat
 * timeout, going on from the grid point their last heartbeat recorded.
 */
final class MonitorScheduler implements AutoCloseable {
  /** Threads that take samples (16: a slow sample holds one, and 1,000 releases sample at once). */
  static final int SAMPLERS = 16;

  /** Threads that send heartbeats (blocking calls to the server). */
  static final int HEARTBEATERS = 4;

  /** The longest gap between two heartbeats of a watch (an abort arrives with one). */
  static final Duration MAX_BEAT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(MonitorScheduler.class);

  private final ActivityCompletionClient completions;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(daemon("greenlight-monitor-timer"));
  private final ExecutorService samplers =
      Executors.newFixedThreadPool(SAMPLERS, daemon("greenlight-monitor-sample"));
  private final ExecutorService beats =
      Executors.newFixedThreadPool(HEARTBEATERS, daemon("greenlight-monitor-heartbeat"));
  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;

  MonitorScheduler(ActivityCompletionClient completions) {
    this.completions = completions;
  }

  /** A watch in progress: the activity it completes and where it is on its grid. */
  private static final class Watch {
    final byte[] token;
    final GridWatch grid;
    final AtomicBoolean done = new AtomicBoolean();
    volatile ScheduledFuture<?> beating;

    Watch(byte[] token, GridWatch grid) {
      this.token = token;
      this.grid = grid;
    }
  }

  /**
   * Takes over the activity {@code info} describes: samples {@code grid} from now on and completes
   * the activity with its report. The caller returns without completing it.
   *
   * @return false when stopping (the worker shuts down): the caller watches synchronously
   */
  boolean watch(ActivityInfo info, GridWatch grid) {
    if (stopped) return false;
    Watch w = new Watch(info.getTaskToken(), grid);
    watches.add(w);
    long every = beatEvery(info.getHeartbeatTimeout()).toMillis();
    try {
      w.beating =
          timer.scheduleWithFixedDelay(
              () -> submit(beats, () -> beat(w)), every, every, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      watches.remove(w);
      return false;
    }
    submit(samplers, () -> start(w));
    return true;
  }

  /**
   * A third of the heartbeat timeout, at most {@link #MAX_BEAT}: well within the timeout, and an
   * abort reaches the watch within a few seconds.
   */
  static Duration beatEvery(Duration heartbeatTimeout) {
    if (heartbeatTimeout == null || heartbeatTimeout.isZero()) return MAX_BEAT;
    Duration third = heartbeatTimeout.dividedBy(3);
    if (third.compareTo(MAX_BEAT) > 0) return MAX_BEAT;
    return third.toMillis() < 50 ? Duration.ofMillis(50) : third;
  }

  /** Watches in progress. */
  int watching() {
    return watches.size();
  }

  private void start(Watch w) {
    try {
      w.grid.prepare();
    } catch (Exception e) {
      fail(w, e);
      return;
    }
    scheduleNext(w);
  }

  private void scheduleNext(Watch w) {
    MonitorReport ended = w.grid.ended();
    if (ended != null) {
      complete(w, ended);
      return;
    }
    long delay = Math.max(0, w.grid.dueWallMillis() - System.currentTimeMillis());
    try {
      timer.schedule(() -> submit(samplers, () -> sample(w)), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // stopping: the watch is retried elsewhere after its heartbeat timeout
    }
  }

  private void sample(Watch w) {
    if (w.done.get()) return;
    MonitorReport stop;
    try {
      stop = w.grid.sample(() -> {}); // the heartbeats run on their own meanwhile
    } catch (Exception e) {
      fail(w, e);
      return;
    }
    if (stop != null) complete(w, stop);
    else scheduleNext(w);
  }

  private void beat(Watch w) {
    if (w.done.get()) return;
    long reached = w.grid.reached();
    try {
      completions.heartbeat(w.token, reached);
    } catch (RuntimeException e) {
      // the SDK wraps what the server said in an ActivityCompletionFailureException
      if (causedBy(e, ActivityCanceledException.class)) {
        if (finish(w)) {
          try {
            completions.reportCancellation(w.token, reached);
          } catch (RuntimeException again) {
            log.debug("cancellation of a monitor watch not reported: {}", again.toString());
          }
        }
      } else if (causedBy(e, ActivityNotExistsException.class)) {
        // timed out, or completed by another attempt: nobody waits for this one any more
        finish(w);
      } else {
        // the next heartbeat tries again; the heartbeat timeout allows for a few lost ones
        log.debug("monitor heartbeat not sent: {}", e.toString());
      }
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) return true;
      if (t.getCause() == t) break;
    }
    return false;
  }

  private void complete(Watch w, MonitorReport report) {
    if (!finish(w)) return;
    try {
      completions.complete(w.token, report);
    } catch (RuntimeException e) {
      log.warn("monitor report not delivered (the attempt is retried): {}", e.toString());
    }
  }

  private void fail(Watch w, Exception failure) {
    if (!finish(w)) return;
    try {
      completions.completeExceptionally(w.token, failure);
    } catch (RuntimeException e) {
      log.warn("monitor failure not delivered (the attempt is retried): {}", e.toString());
    }
  }

  /** Ends {@code w}; true for the one caller that ends it (and reports its end). */
  private boolean finish(Watch w) {
    if (stopped || !w.done.compareAndSet(false, true)) return false;
    ScheduledFuture<?> beating = w.beating;
    if (beating != null) beating.cancel(false);
    watches.remove(w);
    return true;
  }

  private void submit(ExecutorService pool, Runnable task) {
    if (stopped) return;
    try {
      pool.execute(
          () -> {
            if (stopped) return;
            try {
              task.run();
            } catch (RuntimeException | Error e) {
              log.warn("monitor scheduler task failed", e);
            }
          });
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  /**
   * Stops taking samples and heartbeating; nothing more is sent to the server. Samples being taken
   * finish by themselves (not interrupted).
   */
  @Override
  public void close() {
    stopped = true;
    timer.shutdownNow();
    samplers.shutdown();
    beats.shutdown();
    watches.clear();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
