package dev.greenlight.api.activities;

import dev.greenlight.api.spec.MonitorSpec;

/** Judges a monitor sample against the spec's thresholds. Pure: no I/O, safe anywhere. */
public final class MonitorPolicy {
  private MonitorPolicy() {}

  /** The verdict (OK, ALERT, ROLLBACK) and reason for a burst of requests. */
  public static MonitorSample judge(
      MonitorSpec spec, long baselineP95Ms, String at, int requests, int errors, long p95Ms) {
    double rate = requests == 0 ? 0.0 : (double) errors / requests;
    // the worse verdict first: rollback thresholds, then alert thresholds
    for (String verdict : new String[] {"ROLLBACK", "ALERT"}) {
      boolean rollback = verdict.equals("ROLLBACK");
      String threshold = rollback ? "rollback" : "alert";
      double maxRate = rollback ? spec.errorRate().rollback() : spec.errorRate().alert();
      var p95Limit = rollback ? spec.p95().rollback() : spec.p95().alert();
      long maxP95 = p95Limit.resolveMillis(baselineP95Ms);
      String reason = null;
      if (rate > maxRate) {
        reason =
            String.format(
                "error rate %.1f%% above the %s threshold %.1f%%",
                rate * 100, threshold, maxRate * 100);
      } else if (p95Ms > maxP95) {
        reason =
            "p95 %dms above the %s threshold %dms (%s)"
                .formatted(p95Ms, threshold, maxP95, p95Limit.display());
      }
      if (reason != null) return new MonitorSample(at, requests, errors, p95Ms, verdict, reason);
    }
    return new MonitorSample(at, requests, errors, p95Ms, "OK", null);
  }
}
