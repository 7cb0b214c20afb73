package dev.greenlight.api.activities;

/**
 * One monitor sample: a burst of requests through the public URL.
 *
 * @param at ISO-8601 instant
 * @param requests requests sent
 * @param errors 5xx answers and transport errors
 * @param p95Ms 95th percentile latency of the burst
 * @param verdict OK, ALERT or ROLLBACK
 * @param reason why it is not OK, or null
 */
public record MonitorSample(
    String at, int requests, int errors, long p95Ms, String verdict, String reason) {

  public double errorRate() {
    return requests == 0 ? 0.0 : (double) errors / requests;
  }
}
