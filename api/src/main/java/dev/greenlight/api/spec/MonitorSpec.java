package dev.greenlight.api.spec;

import java.time.Duration;

/**
 * Watching the new color after the switch.
 *
 * @param window how long to watch after the last traffic step (default 15m)
 * @param interval time between samples (default 10s)
 * @param source probe (requests through router.url) or prometheus
 * @param path what the probe requests through router.url (default /)
 * @param requestsPerSample requests the probe sends per sample (default 10)
 * @param errorRate thresholds on the share of failed requests (5xx or transport errors)
 * @param p95 thresholds on the 95th percentile latency
 */
public record MonitorSpec(
    Duration window,
    Duration interval,
    String source,
    String path,
    int requestsPerSample,
    RateThreshold errorRate,
    LatencyThreshold p95) {

  /**
   * @param alert crossing it is recorded in status
   * @param rollback crossing it rolls back
   */
  public record RateThreshold(double alert, double rollback) {}

  /**
   * @param alert crossing it is recorded in status
   * @param rollback crossing it rolls back
   */
  public record LatencyThreshold(LatencyLimit alert, LatencyLimit rollback) {}

  /**
   * A latency limit: absolute ({@code 1000ms}) or a factor of the baseline ({@code 2.0x}).
   *
   * @param millis the absolute limit, or null
   * @param factor the factor of the baseline p95 measured before the switch, or null
   */
  public record LatencyLimit(Long millis, Double factor) {

    /** The limit in ms given the baseline p95 (a factor never goes below 50 ms). */
    public long resolveMillis(long baselineP95Ms) {
      if (millis != null) return millis;
      return Math.round(factor * Math.max(baselineP95Ms, 50));
    }

    public String display() {
      return millis != null ? millis + "ms" : factor + "x";
    }
  }
}
