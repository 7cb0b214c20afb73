package dev.greenlight.api.activities;

import dev.greenlight.api.spec.MonitorSpec;

/**
 * What a judged sample does, the same for every source: {@code minRequests} (too few requests
 * cannot be judged), {@code consecutive} (a rollback threshold counts only after that many bad
 * samples in a row) and {@code inconclusive} (what that many INCONCLUSIVE samples in a row do).
 * Pure: no I/O.
 */
public final class MonitorRules {
  private MonitorRules() {}

  /** What a sample does to the release. */
  public enum Action {
    /** Nothing: monitoring goes on. */
    NONE,
    /** Roll back now. */
    ROLLBACK,
    /** Hold the release until an operator resumes or aborts it (monitoring goes on). */
    PAUSE
  }

  /**
   * A sample after the rules.
   *
   * @param sample as status records it (a rollback threshold not yet met {@code consecutive} times
   *     is an ALERT; inconclusive samples with {@code then: alert} end in an ALERT)
   * @param streak the runs so far, including this sample
   * @param action what it does
   * @param reason why it acts, or null
   */
  public record Judged(MonitorSample sample, MonitorStreak streak, Action action, String reason) {}

  /**
   * The sample as INCONCLUSIVE when it saw fewer than {@code monitor.minRequests} requests: a
   * handful of requests (or a percentile of them) decides nothing.
   */
  public static MonitorSample enoughRequests(MonitorSpec spec, MonitorSample s) {
    if (spec.minRequests() <= 0 || s.requests() >= spec.minRequests()) return s;
    String why =
        "only "
            + s.requests()
            + " requests in the sample, fewer than minRequests "
            + spec.minRequests()
            + (s.reason() == null ? "" : " (would have been: " + s.reason() + ")");
    return new MonitorSample(
        s.at(), s.requests(), s.errors(), s.p95Ms(), MonitorVerdict.INCONCLUSIVE, why);
  }

  /**
   * The sample as INCONCLUSIVE when fewer than {@code monitor.minRequests} of its requests got an
   * HTTP answer (any status): for a source that sends the requests itself, like the probe, a
   * request that timed out measures the worker or the network as much as the service.
   *
   * @param answered requests of the sample that got an answer
   */
  public static MonitorSample enoughAnswers(MonitorSpec spec, MonitorSample s, int answered) {
    if (spec.minRequests() <= 0 || answered >= spec.minRequests()) return s;
    String why =
        "only "
            + answered
            + " of "
            + s.requests()
            + " requests answered, fewer than minRequests "
            + spec.minRequests()
            + (s.reason() == null ? "" : " (would have been: " + s.reason() + ")");
    return new MonitorSample(
        s.at(), s.requests(), s.errors(), s.p95Ms(), MonitorVerdict.INCONCLUSIVE, why);
  }

  /** Applies {@code consecutive} and {@code inconclusive} to the next sample. */
  public static Judged apply(MonitorSpec spec, MonitorStreak before, MonitorSample s) {
    MonitorStreak streak = before == null ? MonitorStreak.NONE : before;
    String verdict = s.verdict();
    if (MonitorVerdict.INCONCLUSIVE.equals(verdict)) {
      int run = streak.inconclusive() + 1;
      MonitorSpec.Inconclusive rule = spec.inconclusiveRule();
      if (run < rule.after()) {
        return new Judged(s, new MonitorStreak(0, run), Action.NONE, null);
      }
      String why = run + " inconclusive samples in a row (last: " + s.reason() + ")";
      return switch (rule.then()) {
        case "rollback" -> new Judged(s, new MonitorStreak(0, run), Action.ROLLBACK, why);
        case "alert" ->
            new Judged(with(s, MonitorVerdict.ALERT, why), MonitorStreak.NONE, Action.NONE, null);
        default -> new Judged(s, MonitorStreak.NONE, Action.PAUSE, why);
      };
    }
    if (MonitorVerdict.ROLLBACK.equals(verdict)) {
      int run = streak.bad() + 1;
      int needed = spec.consecutiveOrOne();
      if (run >= needed) {
        String why = needed == 1 ? s.reason() : s.reason() + " (" + run + " samples in a row)";
        return new Judged(s, new MonitorStreak(run, 0), Action.ROLLBACK, why);
      }
      String why = s.reason() + " (" + run + " of " + needed + " in a row for a rollback)";
      return new Judged(
          with(s, MonitorVerdict.ALERT, why), new MonitorStreak(run, 0), Action.NONE, null);
    }
    return new Judged(s, MonitorStreak.NONE, Action.NONE, null);
  }

  private static MonitorSample with(MonitorSample s, String verdict, String reason) {
    return new MonitorSample(s.at(), s.requests(), s.errors(), s.p95Ms(), verdict, reason);
  }
}
