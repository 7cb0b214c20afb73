package dev.greenlight.activities.monitor;

import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorRules;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.MonitorStreak;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.WatchPlan;
import dev.greenlight.api.spec.MonitorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code watchGrid} stretch, one grid point at a time: the same steps whether a thread sleeps
 * between them ({@link MonitorActivitiesImpl}) or a scheduler takes them ({@link
 * MonitorScheduler}), so both give the same {@link MonitorReport}. Not thread-safe: one step at a
 * time; {@link #reached()} may be read from any thread.
 */
final class GridWatch {
  private final ReleaseContext ctx;
  private final MonitorSpec spec;
  private final MetricSource source;
  private final WatchPlan plan;
  private final long interval;
  private final long skew;
  private final SampleRequest request;
  private final List<MonitorSample> samples = new ArrayList<>();
  private MonitorStreak streak;
  private long next;
  private volatile long reached;

  /**
   * @param lastHeartbeat the grid point a lost attempt reached (its heartbeat details), or 0
   * @param wallNow this machine's clock now (epoch ms)
   */
  GridWatch(
      MetricSource source, ReleaseContext ctx, WatchPlan plan, long lastHeartbeat, long wallNow) {
    this.ctx = ctx;
    this.spec = ctx.spec().monitor();
    this.source = source;
    this.plan = plan;
    this.interval = spec.interval().toMillis();
    this.skew = MonitorActivitiesImpl.clockSkew(plan, wallNow);
    // a retry (the worker restarted) goes on from the grid point the last attempt reached
    long first = Math.max(plan.nextSample(), lastHeartbeat);
    this.next = Grid.firstDue(plan.gridStartMillis(), interval, first, wallNow - skew);
    this.reached = next;
    this.streak = plan.streak() == null ? MonitorStreak.NONE : plan.streak();
    this.request =
        new SampleRequest(
            plan.baseline(), plan.target(), plan.live(), plan.trafficPercent(), spec.interval());
  }

  /** Once, before the first sample (opens connections). */
  void prepare() {
    source.prepare(ctx);
  }

  /** The report when the stretch has no grid point left, else null. */
  MonitorReport ended() {
    if (Grid.at(plan.gridStartMillis(), interval, next) <= plan.untilMillis()) return null;
    return new MonitorReport(List.copyOf(samples), false, null, false, streak, next);
  }

  /** When the next sample is due on this machine's clock (epoch ms). */
  long dueWallMillis() {
    return Grid.at(plan.gridStartMillis(), interval, next) + skew;
  }

  /**
   * Takes the next sample now.
   *
   * @param beat called while the source measures
   * @return the report when this sample ends the stretch (a rollback, a pause), else null
   */
  MonitorReport sample(Runnable beat) {
    MonitorSample raw = MonitorRules.enoughRequests(spec, source.sample(ctx, request, beat));
    MonitorRules.Judged judged = MonitorRules.apply(spec, streak, raw);
    streak = judged.streak();
    samples.add(judged.sample());
    next++;
    reached = next;
    if (judged.action() == MonitorRules.Action.NONE) return null;
    boolean rollback = judged.action() == MonitorRules.Action.ROLLBACK;
    return new MonitorReport(
        List.copyOf(samples), rollback, judged.reason(), !rollback, streak, next);
  }

  /** The grid point reached: what heartbeats record, so that a retry goes on from it. */
  long reached() {
    return reached;
  }
}
