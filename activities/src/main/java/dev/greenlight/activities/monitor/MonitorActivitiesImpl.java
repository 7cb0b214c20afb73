package dev.greenlight.activities.monitor;

import dev.greenlight.activities.CompletesAsynchronously;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorBaseline;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.WatchPlan;
import dev.greenlight.api.spec.MonitorSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches the new color with the {@link MetricSource} that {@code monitor.source} names: a sample
 * every {@code monitor.interval}, stopping at the first that calls for a rollback. Heartbeats while
 * sources measure and between samples, so an abort reaches it quickly.
 *
 * <p>Given a completion client ({@link #completeWith}), {@code watchGrid} returns at once and a
 * {@link MonitorScheduler} takes its samples, heartbeats and completes it: no thread and no
 * activity slot per watching release.
 */
public class MonitorActivitiesImpl implements MonitorActivities, CompletesAsynchronously {
  private final MetricSources sources;
  private volatile MonitorScheduler scheduler;

  /** With every source registered in {@code META-INF/services}. */
  public MonitorActivitiesImpl() {
    this(MetricSources.registered());
  }

  public MonitorActivitiesImpl(MetricSources sources) {
    this.sources = sources;
  }

  /**
   * {@code watchGrid} completes asynchronously from now on: one scheduler for every watch of this
   * worker takes the samples on time and heartbeats, instead of a thread and a slot per watch.
   */
  @Override
  public synchronized void completeWith(ActivityCompletionClient completions) {
    if (scheduler != null) scheduler.close();
    scheduler = new MonitorScheduler(completions);
  }

  @Override
  public synchronized void stopCompleting() {
    if (scheduler != null) scheduler.close();
    scheduler = null;
  }

  /** The watches the scheduler is taking care of (0 without one). */
  int watchingAsynchronously() {
    MonitorScheduler s = scheduler;
    return s == null ? 0 : s.watching();
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

  @Override
  public MonitorBaseline baselineChecks(ReleaseContext ctx, String live) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    return source(ctx).baselines(ctx, live, () -> activity.heartbeat("baseline"));
  }

  @Override
  public MonitorReport watchGrid(ReleaseContext ctx, WatchPlan plan) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    long lastHeartbeat = activity.getHeartbeatDetails(Long.class).orElse(0L);
    GridWatch watch =
        new GridWatch(source(ctx), ctx, plan, lastHeartbeat, System.currentTimeMillis());
    MonitorScheduler async = scheduler;
    if (async != null && async.watch(activity.getInfo(), watch)) {
      // no thread and no activity slot while it waits: the scheduler heartbeats and completes it
      activity.doNotCompleteOnReturn();
      return null;
    }
    Runnable beat = () -> activity.heartbeat(watch.reached());
    watch.prepare();
    while (true) {
      MonitorReport ended = watch.ended();
      if (ended != null) return ended;
      waitUntilWall(watch.dueWallMillis(), beat);
      MonitorReport stop = watch.sample(beat);
      activity.heartbeat(watch.reached());
      if (stop != null) return stop;
    }
  }

  /**
   * How far this machine's clock runs ahead of the workflow's: 0 when they agree (a real server; a
   * late start then shortens the stretch instead of shifting the grid), else the difference at the
   * start (a time-skipping test server's clock runs ahead of the wall clock).
   */
  static long clockSkew(WatchPlan plan, long wallNow) {
    long skew = wallNow - plan.issuedAtMillis();
    boolean agree = skew > -60_000 && skew < plan.length().toMillis() + 600_000;
    return agree ? 0 : skew;
  }

  private MetricSource source(ReleaseContext ctx) {
    return sources.named(ctx.spec().monitor().source());
  }

  private static void waitUntilWall(long dueMillis, Runnable beat) {
    long left = dueMillis - System.currentTimeMillis();
    if (left > 0) waitUntil(System.nanoTime() + left * 1_000_000, beat);
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
