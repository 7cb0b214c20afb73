package dev.greenlight.api.activities;

/** The verdicts of a monitor sample, as {@link MonitorSample#verdict()} and status show them. */
public final class MonitorVerdict {
  /** Within every threshold. */
  public static final String OK = "OK";

  /** Across an alert threshold (or a rollback threshold not yet {@code consecutive} in a row). */
  public static final String ALERT = "ALERT";

  /** Across a rollback threshold: the release rolls back. */
  public static final String ROLLBACK = "ROLLBACK";

  /** Cannot be judged: no data, a query that timed out, or fewer than minRequests requests. */
  public static final String INCONCLUSIVE = "INCONCLUSIVE";

  private MonitorVerdict() {}
}
