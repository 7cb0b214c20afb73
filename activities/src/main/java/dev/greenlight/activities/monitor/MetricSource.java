package dev.greenlight.activities.monitor;

import dev.greenlight.api.activities.MonitorBaseline;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.MetricSourceType;

/**
 * Where the monitor's numbers come from: one implementation per {@code monitor.source}, each in its
 * own folder ({@code monitor/probe/}, ...) and registered in {@code
 * META-INF/services/dev.greenlight.activities.monitor.MetricSource}. {@link MonitorActivitiesImpl}
 * keeps the clock (a sample each {@code monitor.interval}, heartbeats, stopping at a rollback); a
 * source only measures.
 */
public interface MetricSource {

  /** The {@code monitor.source} it answers to, as the spec loader knows it. */
  MetricSourceType type();

  /**
   * Measures the live color before the switch: the base of factor thresholds (p95, ms).
   *
   * @param heartbeat call at least every few seconds while measuring (an abort arrives with it)
   * @throws io.temporal.failure.ApplicationFailure when nothing can be measured
   */
  long baseline(ReleaseContext ctx, Runnable heartbeat);

  /**
   * Called once before the samples of a stretch, e.g. to open connections so that the first sample
   * measures the service rather than the worker.
   */
  default void prepare(ReleaseContext ctx) {}

  /**
   * Takes one sample now and judges it against the spec's thresholds.
   *
   * @param baselineP95Ms what {@link #baseline} measured
   * @param heartbeat call at least every few seconds while measuring
   * @return the sample with its verdict (OK, ALERT, ROLLBACK or INCONCLUSIVE) and reason
   */
  MonitorSample measure(ReleaseContext ctx, long baselineP95Ms, Runnable heartbeat);

  /**
   * Measures the live color before the switch, one value per check (default: {@link #baseline}
   * alone).
   *
   * @param live the color serving traffic now
   */
  default MonitorBaseline baselines(ReleaseContext ctx, String live, Runnable heartbeat) {
    return MonitorBaseline.ofP95(baseline(ctx, heartbeat));
  }

  /**
   * Takes one sample now, knowing the colors and the sample's range (default: {@link #measure}).
   *
   * @return the sample with its verdict: OK, ALERT, ROLLBACK or INCONCLUSIVE (it could not be
   *     judged: no data, a timeout); {@code minRequests}, {@code consecutive} and {@code
   *     inconclusive} are applied after it, the same for every source
   */
  default MonitorSample sample(ReleaseContext ctx, SampleRequest request, Runnable heartbeat) {
    return measure(ctx, request.baseline().p95Ms(), heartbeat);
  }
}
