package dev.greenlight.api.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;

/** Watching error rate and latency through the public URL. */
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
}
