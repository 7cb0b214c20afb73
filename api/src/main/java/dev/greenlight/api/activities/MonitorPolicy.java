package dev.greenlight.api.activities;

import dev.greenlight.api.spec.MonitorSpec;

/** Judges a monitor sample against the spec's thresholds. Pure: no I/O, safe anywhere. */
public final class MonitorPolicy {
  private MonitorPolicy() {}

  /** The verdict (OK, ALERT, ROLLBACK) and reason for a burst of requests. */
  public static MonitorSample judge(
      MonitorSpec spec, long baselineP95Ms, String at, int requests, int errors, long p95Ms) {
    double rate = requests == 0 ? 0.0 : (double) errors / requests;
    long p95Rollback = spec.p95().rollback().resolveMillis(baselineP95Ms);
    long p95Alert = spec.p95().alert().resolveMillis(baselineP95Ms);
    if (rate > spec.errorRate().rollback()) {
      return new MonitorSample(
          at,
          requests,
          errors,
          p95Ms,
          "ROLLBACK",
          String.format(
              "error rate %.1f%% above the rollback threshold %.1f%%",
              rate * 100, spec.errorRate().rollback() * 100));
    }
    if (p95Ms > p95Rollback) {
      return new MonitorSample(
          at,
          requests,
          errors,
          p95Ms,
          "ROLLBACK",
          "p95 "
              + p95Ms
              + "ms above the rollback threshold "
              + p95Rollback
              + "ms ("
              + spec.p95().rollback().display()
              + ")");
    }
    if (rate > spec.errorRate().alert()) {
      return new MonitorSample(
          at,
          requests,
          errors,
          p95Ms,
          "ALERT",
          String.format(
              "error rate %.1f%% above the alert threshold %.1f%%",
              rate * 100, spec.errorRate().alert() * 100));
    }
    if (p95Ms > p95Alert) {
      return new MonitorSample(
          at,
          requests,
          errors,
          p95Ms,
          "ALERT",
          "p95 "
              + p95Ms
              + "ms above the alert threshold "
              + p95Alert
              + "ms ("
              + spec.p95().alert().display()
              + ")");
    }
    return new MonitorSample(at, requests, errors, p95Ms, "OK", null);
  }
}
