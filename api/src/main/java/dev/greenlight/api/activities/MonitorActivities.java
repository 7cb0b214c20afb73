package dev.greenlight.api.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;

/** Watching the new color with the source {@code monitor.source} names. */
@ActivityInterface
public interface MonitorActivities {

  /** p95 latency (ms) through router.url before the switch: the base of factor thresholds. */
  @ActivityMethod
  long baseline(ReleaseContext ctx);

  /**
   * Samples every {@code monitor.interval} for {@code length}, heartbeating after each sample;
   * returns early when a sample crosses a rollback threshold.
   *
   * @param baselineP95Ms the baseline measured before the switch
   */
  @ActivityMethod
  MonitorReport watch(ReleaseContext ctx, Duration length, long baselineP95Ms);

  /**
   * Measures the live color before the switch, one value per check: the base of factor thresholds.
   * Replaces {@link #baseline} in releases started since checks have their own baselines. Activity
   * type BaselineChecks (a default method takes no {@code @ActivityMethod}).
   *
   * @param live the color serving traffic now
   */
  default MonitorBaseline baselineChecks(ReleaseContext ctx, String live) {
    return MonitorBaseline.ofP95(baseline(ctx));
  }

  /**
   * One stretch of monitoring on the plan's absolute grid, with {@code consecutive} and {@code
   * inconclusive} applied across stretches ({@link MonitorRules}); returns early on a rollback or a
   * pause. Replaces {@link #watch} in releases started since the grid.
   */
  default MonitorReport watchGrid(ReleaseContext ctx, WatchPlan plan) {
    return watch(ctx, plan.length(), plan.baseline().p95Ms());
  }
}
