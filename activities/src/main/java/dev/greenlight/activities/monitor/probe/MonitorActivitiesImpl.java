package dev.greenlight.activities.monitor.probe;

import dev.greenlight.activities.http.SharedHttpClient;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorPolicy;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.MonitorSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Monitor source {@code probe}: bursts of requests through {@code router.url + monitor.path},
 * judged by {@link MonitorPolicy}. Heartbeats between requests, so an abort reaches it quickly.
 */
public class MonitorActivitiesImpl implements MonitorActivities {
  /** Requests measured for the baseline. */
  public static final int BASELINE_REQUESTS = 20;

  /** No single probe request waits longer. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final HttpProbe probe = new HttpProbe(SharedHttpClient.withCallTimeout(REQUEST_TIMEOUT));

  @Override
  public long baseline(ReleaseContext ctx) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    String url = url(ctx);
    probe.warmUp(url);
    HttpProbe.Burst burst =
        probe.send(url, BASELINE_REQUESTS, () -> activity.heartbeat("baseline"));
    if (burst.errors() == burst.requests()) {
      // nothing came back: factor thresholds would be meaningless, and the router may be restarting
      throw ApplicationFailure.newFailure(
          "cannot measure the baseline: all "
              + burst.requests()
              + " requests to "
              + url
              + " failed; last: "
              + burst.lastError(),
          "BaselineFailed");
    }
    return burst.p95Ms();
  }

  @Override
  public MonitorReport watch(ReleaseContext ctx, Duration length, long baselineP95Ms) {
    MonitorSpec spec = ctx.spec().monitor();
    ActivityExecutionContext activity = Activity.getExecutionContext();
    String url = url(ctx);
    List<MonitorSample> samples = new ArrayList<>();
    probe.warmUp(url);
    long start = System.nanoTime();
    long end = start + length.toNanos();
    long interval = spec.interval().toNanos();
    // one sample at the end of each interval; the last one at the end of the stretch
    for (long due = start + Math.min(interval, length.toNanos());
        ;
        due = Math.min(due + interval, end)) {
      waitUntil(due, () -> activity.heartbeat(samples.size()));
      String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
      HttpProbe.Burst burst =
          probe.send(url, spec.requestsPerSample(), () -> activity.heartbeat(samples.size()));
      MonitorSample sample =
          MonitorPolicy.judge(
              spec, baselineP95Ms, at, burst.requests(), burst.errors(), burst.p95Ms());
      if (burst.lastError() != null && sample.reason() != null) {
        sample =
            new MonitorSample(
                sample.at(),
                sample.requests(),
                sample.errors(),
                sample.p95Ms(),
                sample.verdict(),
                sample.reason() + " (last error: " + burst.lastError() + ")");
      }
      samples.add(sample);
      activity.heartbeat(samples.size());
      if ("ROLLBACK".equals(sample.verdict())) {
        return new MonitorReport(List.copyOf(samples), true, sample.reason());
      }
      if (due >= end) break;
    }
    return new MonitorReport(List.copyOf(samples), false, null);
  }

  private static String url(ReleaseContext ctx) {
    return ctx.spec().router().url() + ctx.spec().monitor().path();
  }

  /**
   * Sleeps until {@code due}, calling {@code beat} about once a second (a cancel arrives with a
   * heartbeat).
   */
  private static void waitUntil(long due, Runnable beat) {
    while (true) {
      long left = due - System.nanoTime();
      if (left <= 0) return;
      try {
        Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 1000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure(
            "monitor interrupted (worker shutting down)", "MonitorInterrupted");
      }
      beat.run();
    }
  }
}
