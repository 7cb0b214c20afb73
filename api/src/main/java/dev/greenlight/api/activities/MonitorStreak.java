package dev.greenlight.api.activities;

/**
 * Bad and inconclusive samples in a row so far, carried from one stretch of monitoring to the next
 * (the workflow hands it back), so that {@code consecutive} and {@code inconclusive.after} count
 * across stretches.
 *
 * @param bad samples in a row across a rollback threshold
 * @param inconclusive INCONCLUSIVE samples in a row
 */
public record MonitorStreak(int bad, int inconclusive) {
  public static final MonitorStreak NONE = new MonitorStreak(0, 0);
}
