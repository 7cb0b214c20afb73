package dev.greenlight.api.activities;

import java.util.List;

/**
 * A stretch of monitoring.
 *
 * @param samples the samples taken, in order
 * @param breached true when the stretch ended early for a rollback (a rollback threshold crossed
 *     {@code consecutive} times in a row, or inconclusive samples with {@code then: rollback})
 * @param reason why it breached or paused, or null
 * @param pause true when inconclusive samples in a row call for a pause ({@code then: pause})
 * @param streak bad and inconclusive samples in a row at its end (null in older histories)
 * @param nextSample k of the next grid point to sample (0 in older histories)
 */
public record MonitorReport(
    List<MonitorSample> samples,
    boolean breached,
    String reason,
    boolean pause,
    MonitorStreak streak,
    long nextSample) {

  /** A stretch as reported before pause, streaks and the grid. */
  public MonitorReport(List<MonitorSample> samples, boolean breached, String reason) {
    this(samples, breached, reason, false, null, 0);
  }
}
