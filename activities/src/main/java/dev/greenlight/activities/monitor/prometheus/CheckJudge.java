package dev.greenlight.activities.monitor.prometheus;

import dev.greenlight.api.activities.MonitorVerdict;
import dev.greenlight.api.spec.monitor.prometheus.PrometheusSettings.Check;
import dev.greenlight.api.spec.monitor.prometheus.PrometheusSettings.Threshold;

/** Judges one check's value against its thresholds. Pure. */
final class CheckJudge {
  private CheckJudge() {}

  /**
   * One check's verdict.
   *
   * @param verdict OK, ALERT, ROLLBACK or INCONCLUSIVE
   * @param reason why it is not OK, or null
   */
  record Verdict(String verdict, String reason) {}

  /**
   * @param value the new color's value
   * @param reference what factors (and, with {@code compare: live}, margins) apply to: the live
   *     color's value in the same window, or the pre-switch baseline; null when there is none
   * @param referenceName how the reason names the reference ("blue (live)", "baseline")
   */
  static Verdict judge(Check check, double value, Double reference, String referenceName) {
    for (String verdict : new String[] {MonitorVerdict.ROLLBACK, MonitorVerdict.ALERT}) {
      boolean rollback = verdict.equals(MonitorVerdict.ROLLBACK);
      Threshold t = rollback ? check.rollback() : check.alert();
      if (t == null) continue;
      Double limit = limit(check, t, reference);
      if (limit == null) {
        return new Verdict(
            MonitorVerdict.INCONCLUSIVE,
            check.name() + ": no " + referenceName + " value to apply " + t.display() + " to");
      }
      boolean crossed = check.below() ? value < limit : value > limit;
      if (crossed) {
        return new Verdict(
            verdict,
            "%s %s %s the %s threshold %s (%s%s)"
                .formatted(
                    check.name(),
                    format(value),
                    check.below() ? "below" : "above",
                    rollback ? "rollback" : "alert",
                    format(limit),
                    t.display(),
                    reference == null || !usesReference(check, t)
                        ? ""
                        : " of " + referenceName + " " + format(reference)));
      }
    }
    return new Verdict(MonitorVerdict.OK, null);
  }

  private static boolean usesReference(Check check, Threshold t) {
    return t.factor() != null || check.comparesLive();
  }

  /** The limit the value must not cross; null when it needs a reference there is not. */
  static Double limit(Check check, Threshold t, Double reference) {
    if (!usesReference(check, t)) return t.value();
    if (reference == null) return null;
    if (t.factor() != null) return reference * t.factor();
    return check.below() ? reference - t.value() : reference + t.value();
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) return String.valueOf((long) v);
    return String.format(java.util.Locale.ROOT, "%.4g", v);
  }
}
