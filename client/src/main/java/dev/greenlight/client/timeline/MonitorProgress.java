package dev.greenlight.client.timeline;

import dev.greenlight.api.model.MonitorStats;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Where a monitor window or a hold stands: how much of it has passed (from the time the release
 * recorded for the step's start), how much is left, and what the monitor saw so far.
 *
 * @param step "monitor" or "hold"
 * @param startedAt when the step began, as the release recorded it
 * @param length how long it lasts, or null when unknown
 * @param interval time between samples, or null
 * @param stats the monitor's figures so far
 */
public record MonitorProgress(
    String step, Instant startedAt, Duration length, Duration interval, MonitorStats stats) {
  private static final int WIDTH = 30;

  /** The monitored step running now, or null when none runs. */
  public static MonitorProgress of(ReleaseStatus s, MonitorWindows windows) {
    if (s.state() != null && s.state().finished()) return null;
    List<StepRecord> steps = s.steps();
    if (steps == null || steps.isEmpty()) return null;
    StepRecord last = steps.get(steps.size() - 1);
    if (!"RUNNING".equals(last.status()) || last.endedAt() != null) return null;
    if (!last.name().equals("monitor") && !last.name().equals("hold")) return null;
    Instant started = ReleaseEvents.parse(last.startedAt());
    if (started == null) return null;
    MonitorWindows w = windows == null ? MonitorWindows.UNKNOWN : windows;
    return new MonitorProgress(
        last.name(),
        started,
        w.lengthOf(last.name()),
        w.interval(),
        s.monitor() == null ? MonitorStats.empty() : s.monitor());
  }

  /** Time left at {@code now}: never negative; null when the length is unknown. */
  public Duration remaining(Instant now) {
    if (length == null) return null;
    Duration left = length.minus(Duration.between(startedAt, now));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** The share of the window passed at {@code now}, 0 to 1; 0 when the length is unknown. */
  public double done(Instant now) {
    if (length == null || length.isZero()) return 0;
    double f = (double) Duration.between(startedAt, now).toMillis() / length.toMillis();
    return Math.max(0, Math.min(1, f));
  }

  /** Samples the whole window takes, or 0 when unknown. */
  public int expectedSamples() {
    if (length == null || interval == null || interval.isZero()) return 0;
    return (int) Math.max(1, length.toMillis() / interval.toMillis());
  }

  /**
   * One line with a bar, for a terminal: {@code monitor [#####.....] 12s left of 30s, 6/15 samples,
   * error rate 0.0%, p95 12ms}.
   */
  public String bar(Instant now) {
    int filled = (int) Math.round(done(now) * WIDTH);
    return step + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + text(now);
  }

  /** The same without the bar, for a log. */
  public String text(Instant now) {
    StringBuilder sb = new StringBuilder();
    if (length != null) {
      sb.append(format(remaining(now))).append(" left of ").append(format(length)).append(", ");
    }
    int expected = expectedSamples();
    sb.append(stats.samples())
        .append(expected > 0 ? "/" + expected : "")
        .append(" samples, ")
        .append(
            String.format(
                Locale.ROOT,
                "error rate %.1f%%, p95 %dms",
                stats.errorRate() * 100,
                stats.p95Ms()));
    return sb.toString();
  }

  /** 75s as "1m15s", 30s as "30s". */
  static String format(Duration d) {
    long s = (d.toMillis() + 999) / 1000;
    if (s < 60) return s + "s";
    long m = s / 60;
    if (m < 60) return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    return (m / 60) + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
  }
}
