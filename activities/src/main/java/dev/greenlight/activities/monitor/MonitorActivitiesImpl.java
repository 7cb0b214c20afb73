package dev.greenlight.activities.monitor;

import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.MonitorSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches the new color with the {@link MetricSource} that {@code monitor.source} names: a sample
 * every {@code monitor.interval}, stopping at the first that calls for a rollback. Heartbeats while
 * sources measure and between samples, so an abort reaches it quickly.
 */
public class MonitorActivitiesImpl implements MonitorActivities {
  private final MetricSources sources;

  /** With every source registered in {@code META-INF/services}. */
  public MonitorActivitiesImpl() {
    this(MetricSources.registered());
  }

  public MonitorActivitiesImpl(MetricSources sources) {
    this.sources = sources;
  }

  @Override
  public long baseline(ReleaseContext ctx) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    return source(ctx).baseline(ctx, () -> activity.heartbeat("baseline"));
  }

  @Override
  public MonitorReport watch(ReleaseContext ctx, Duration length, long baselineP95Ms) {
    MonitorSpec spec = ctx.spec().monitor();
    MetricSource source = source(ctx);
    ActivityExecutionContext activity = Activity.getExecutionContext();
    List<MonitorSample> samples = new ArrayList<>();
    Runnable beat = () -> activity.heartbeat(samples.size());
    source.prepare(ctx);
    long start = System.nanoTime();
    long end = start + length.toNanos();
    long interval = spec.interval().toNanos();
    // one sample at the end of each interval; the last one at the end of the stretch
    for (long due = start + Math.min(interval, length.toNanos());
        ;
        due = Math.min(due + interval, end)) {
      waitUntil(due, beat);
      MonitorSample sample = source.measure(ctx, baselineP95Ms, beat);
      samples.add(sample);
      activity.heartbeat(samples.size());
      if ("ROLLBACK".equals(sample.verdict())) {
        return new MonitorReport(List.copyOf(samples), true, sample.reason());
      }
      if (due >= end) break;
    }
    return new MonitorReport(List.copyOf(samples), false, null);
  }

  private MetricSource source(ReleaseContext ctx) {
    return sources.named(ctx.spec().monitor().source());
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
