package dev.greenlight.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * @param minRequests fewer requests in a sample make it INCONCLUSIVE (default 0: any number)
 * @param consecutive bad samples in a row before a rollback threshold counts (0 in histories
 *     written before it existed: 1)
 * @param inconclusive what INCONCLUSIVE samples in a row do, or null (histories written before it
 *     existed): see {@link #inconclusiveRule()}
 * @param settings the chosen source's own settings as JSON (its {@link MetricSourceSettings}), or
 *     null; read them with {@link #settings(Class)}
 */
public record MonitorSpec(
    Duration window,
    Duration interval,
    String source,
    String path,
    int requestsPerSample,
    RateThreshold errorRate,
    LatencyThreshold p95,
    int minRequests,
    int consecutive,
    Inconclusive inconclusive,
    JsonNode settings) {

  public MonitorSpec {
    // JSON's null comes back from history as a NullNode: the same spec must stay equal to itself
    if (settings != null && settings.isNull()) settings = null;
  }

  /** The monitor as it was before minRequests, consecutive, inconclusive and source settings. */
  public MonitorSpec(
      Duration window,
      Duration interval,
      String source,
      String path,
      int requestsPerSample,
      RateThreshold errorRate,
      LatencyThreshold p95) {
    this(window, interval, source, path, requestsPerSample, errorRate, p95, 0, 1, null, null);
  }

  /** Bad samples in a row that make a breach: at least 1. */
  public int consecutiveOrOne() {
    return Math.max(1, consecutive);
  }

  /** {@link #inconclusive}, or the default: pause after 3 in a row. */
  public Inconclusive inconclusiveRule() {
    return inconclusive != null ? inconclusive : Inconclusive.DEFAULT;
  }

  /**
   * The chosen source's settings as its record.
   *
   * @return null when the spec has none
   */
  public <S extends MetricSourceSettings> S settings(Class<S> type) {
    if (settings == null || settings.isNull()) return null;
    try {
      return Json.MAPPER.treeToValue(settings, type);
    } catch (Exception e) {
      throw new IllegalStateException(
          "monitor." + source + " cannot be read as " + type.getSimpleName(), e);
    }
  }

  /** The JSON {@link MonitorSpec} keeps of a source's settings. */
  public static JsonNode settingsJson(MetricSourceSettings settings) {
    return settings == null ? null : Json.MAPPER.valueToTree(settings);
  }

  /**
   * Spec key {@code monitor.inconclusive}: samples that cannot be judged (no data, a timeout, too
   * few requests) are not OK; {@code after} of them in a row do {@code then}.
   *
   * @param after INCONCLUSIVE samples in a row that act (default 3)
   * @param then alert (recorded in status), rollback, or pause (wait for an operator's resume or
   *     abort; the default)
   */
  public record Inconclusive(int after, String then) {
    public static final Inconclusive DEFAULT = new Inconclusive(3, "pause");
  }

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

  /** Built on first use, never while a workflow input is read (a cold mapper takes a while). */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
