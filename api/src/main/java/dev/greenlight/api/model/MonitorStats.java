package dev.greenlight.api.model;

/**
 * What the monitor has seen so far, as shown by {@code status}.
 *
 * @param samples samples taken through the public URL
 * @param errorRate share of failed requests (5xx or transport error) over all samples
 * @param p95Ms 95th percentile latency over all samples, in milliseconds
 * @param breaches samples that crossed a rollback threshold
 * @param alerts samples that crossed an alert threshold
 * @param baselineP95Ms p95 measured on the live color before the switch
 * @param lastAlert the most recent alert, or null
 * @param inconclusive samples that could not be judged (no data, a timeout, too few requests)
 * @param lastVerdict the latest sample's verdict: OK, ALERT, ROLLBACK or INCONCLUSIVE; null before
 *     the first
 * @param paused who paused the release and why, while it is paused; else null
 */
public record MonitorStats(
    int samples,
    double errorRate,
    long p95Ms,
    int breaches,
    int alerts,
    long baselineP95Ms,
    String lastAlert,
    int inconclusive,
    String lastVerdict,
    String paused) {

  /** The figures as they were before verdicts and pauses were shown. */
  public MonitorStats(
      int samples,
      double errorRate,
      long p95Ms,
      int breaches,
      int alerts,
      long baselineP95Ms,
      String lastAlert) {
    this(samples, errorRate, p95Ms, breaches, alerts, baselineP95Ms, lastAlert, 0, null, null);
  }

  public static MonitorStats empty() {
    return new MonitorStats(0, 0.0, 0, 0, 0, 0, null);
  }
}
