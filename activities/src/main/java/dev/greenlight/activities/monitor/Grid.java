package dev.greenlight.activities.monitor;

/**
 * The monitor's absolute grid: sample k falls at {@code start + k * interval}, whichever stretch or
 * worker takes it, so that samples do not drift when a stretch starts late or a worker restarts.
 */
final class Grid {
  private Grid() {}

  /** When sample {@code k} is due (epoch ms). */
  static long at(long start, long interval, long k) {
    return start + k * interval;
  }

  /**
   * The first sample to take at {@code now}: {@code next}, unless grid points have passed since;
   * then the latest point already due (taken at once), the earlier ones skipped rather than taken
   * in a burst.
   */
  static long firstDue(long start, long interval, long next, long now) {
    long latestDue = now < start ? 0 : (now - start) / interval;
    return Math.max(next, latestDue);
  }
}
