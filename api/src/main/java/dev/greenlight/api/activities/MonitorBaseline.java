package dev.greenlight.api.activities;

import java.util.Map;

/**
 * What the monitor measured on the live color before the switch: the base of factor thresholds
 * ({@code 2.0x}).
 *
 * @param p95Ms the probe's p95 (ms); for other sources, their latency check's value in ms or 0
 * @param checks each check's value by check name (empty for the probe); a check that returned no
 *     data is absent
 */
public record MonitorBaseline(long p95Ms, Map<String, Double> checks) {

  /** A baseline of a p95 alone (the probe; histories written before checks had their own). */
  public static MonitorBaseline ofP95(long p95Ms) {
    return new MonitorBaseline(p95Ms, Map.of());
  }

  /** The baseline of {@code check}, or null. */
  public Double check(String name) {
    return checks == null ? null : checks.get(name);
  }
}
