package dev.greenlight.client.timeline;

import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.Refusal;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.StepRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What happened between two statuses of a release, in the order it happened, each at the time the
 * release recorded for it (not the time a watcher noticed). Steps, approvals, refusals and the end
 * carry their own times; a traffic or live-color change takes the time of the switch or rollback
 * step that made it, and the colors the time the first step began.
 */
public final class ReleaseEvents {
  /** The stage each step of the runbook belongs to; a step not listed here shows no stage. */
  private static final Map<String, String> STAGE_OF =
      Map.of(
          "deploy", "DEPLOYING",
          "health", "HEALTH_CHECK",
          "migrate", "MIGRATING",
          "smoke", "SMOKE_TESTING",
          "approval", "AWAITING_APPROVAL",
          "switch", "SWITCHING",
          "hold", "MONITORING",
          "monitor", "MONITORING",
          "rollback", "ROLLING_BACK");

  private ReleaseEvents() {}

  /** Ties at one instant: who caused what (an approval ends the approval step, not after it). */
  private record Keyed(ReleaseEvent event, int group, int seq, int sub) {
    Keyed(ReleaseEvent event, int group, int seq) {
      this(event, group, seq, 0);
    }
  }

  /**
   * The events in {@code now} that {@code before} did not have yet, oldest first.
   *
   * @param before the previous status, or null for the first
   */
  public static List<ReleaseEvent> since(ReleaseStatus before, ReleaseStatus now) {
    List<StepRecord> steps = now.steps() == null ? List.of() : now.steps();
    List<StepRecord> stepsBefore =
        before == null || before.steps() == null ? List.of() : before.steps();
    Instant fallback = latest(now);
    List<Keyed> out = new ArrayList<>();
    if (before == null) {
      out.add(
          new Keyed(
              new ReleaseEvent(
                  time(now.startedAt(), fallback),
                  now.app()
                      + " "
                      + now.version()
                      + " ("
                      + now.id()
                      + "), started by "
                      + now.initiator()),
              0,
              0));
    }
    if (now.live() != null && (before == null || !Objects.equals(before.live(), now.live()))) {
      boolean first = before == null || before.live() == null;
      if (first) {
        Instant at = time(steps.isEmpty() ? now.startedAt() : steps.get(0).startedAt(), fallback);
        out.add(
            new Keyed(
                new ReleaseEvent(at, "live " + now.live() + ", target " + now.target()), 1, 0));
      } else {
        int by = changingStep(steps);
        out.add(
            new Keyed(
                new ReleaseEvent(changeTime(steps, by, fallback), "live is now " + now.live()),
                4,
                2 * by,
                2));
      }
    }
    if (before != null && before.trafficPercent() != now.trafficPercent() && now.target() != null) {
      int by = changingStep(steps);
      out.add(
          new Keyed(
              new ReleaseEvent(
                  changeTime(steps, by, fallback),
                  "traffic: " + now.trafficPercent() + "% on " + now.target()),
              4,
              2 * by,
              1));
    }
    for (int i = 0; i < steps.size(); i++) {
      StepRecord s = steps.get(i);
      StepRecord b = i < stepsBefore.size() ? stepsBefore.get(i) : null;
      if (b == null) {
        String stage = STAGE_OF.get(s.name());
        String previousStage = i == 0 ? null : STAGE_OF.get(steps.get(i - 1).name());
        String text =
            stage != null && !stage.equals(previousStage)
                ? "stage " + stage + ": " + s.name() + " started"
                : s.name() + " started";
        out.add(new Keyed(new ReleaseEvent(time(s.startedAt(), fallback), text), 4, 2 * i));
      }
      boolean ended = !"RUNNING".equals(s.status()) || s.endedAt() != null;
      boolean endedBefore = b != null && (!"RUNNING".equals(b.status()) || b.endedAt() != null);
      if (ended && (!endedBefore || !Objects.equals(b.detail(), s.detail()))) {
        out.add(
            new Keyed(
                new ReleaseEvent(
                    time(s.endedAt(), time(s.startedAt(), fallback)),
                    s.name() + " " + s.status() + detail(s)),
                4,
                2 * i + 1));
      }
    }
    for (Approval a : added(before == null ? null : before.approvals(), now.approvals())) {
      out.add(
          new Keyed(
              new ReleaseEvent(
                  time(a.at(), fallback),
                  "approved by "
                      + a.approver()
                      + (a.comment() == null || a.comment().isBlank() ? "" : ": " + a.comment())),
              2,
              0));
    }
    for (Refusal r : newRefusals(before, now)) {
      out.add(
          new Keyed(
              new ReleaseEvent(
                  time(r.at(), fallback),
                  "refused " + r.command() + " signal from " + r.by() + ": " + r.reason()),
              2,
              1));
    }
    if (now.state() != null
        && now.state().finished()
        && (before == null || before.state() == null || !before.state().finished())) {
      out.add(
          new Keyed(
              new ReleaseEvent(
                  time(now.endedAt(), fallback),
                  "ended " + now.state() + (now.outcome() == null ? "" : ": " + now.outcome())),
              9,
              0));
    }
    // stable: events of one group at one instant keep the order they were listed in
    out.sort(
        Comparator.comparing((Keyed k) -> k.event().at())
            .thenComparingInt(Keyed::group)
            .thenComparingInt(Keyed::seq)
            .thenComparingInt(Keyed::sub));
    return out.stream().map(Keyed::event).toList();
  }

  /**
   * The index of the step that made a traffic or live change: the latest switch or rollback step
   * (the change comes after its start and before its end); {@code steps.size()} when none.
   */
  private static int changingStep(List<StepRecord> steps) {
    for (int i = steps.size() - 1; i >= 0; i--) {
      String name = steps.get(i).name();
      if (name.equals("switch") || name.equals("rollback")) return i;
    }
    return steps.size();
  }

  /** When that step ended (or, still running, the latest time recorded). */
  private static Instant changeTime(List<StepRecord> steps, int index, Instant fallback) {
    if (index >= steps.size()) return fallback;
    StepRecord s = steps.get(index);
    return time(s.endedAt(), fallback);
  }

  /** The latest time the status records: what an event without its own time is placed at. */
  static Instant latest(ReleaseStatus s) {
    Instant latest = parse(s.startedAt());
    List<String> times = new ArrayList<>();
    times.add(s.endedAt());
    if (s.steps() != null) {
      for (StepRecord st : s.steps()) {
        times.add(st.startedAt());
        times.add(st.endedAt());
      }
    }
    if (s.approvals() != null) s.approvals().forEach(a -> times.add(a.at()));
    if (s.refused() != null) s.refused().forEach(r -> times.add(r.at()));
    for (String t : times) {
      Instant i = parse(t);
      if (i != null && (latest == null || i.isAfter(latest))) latest = i;
    }
    return latest == null ? Instant.EPOCH : latest;
  }

  private static Instant time(String iso, Instant fallback) {
    Instant i = parse(iso);
    return i == null ? fallback : i;
  }

  /** An ISO-8601 instant, or null when absent or not one. */
  static Instant parse(String iso) {
    if (iso == null) return null;
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String detail(StepRecord s) {
    if (s.detail() == null || s.detail().isBlank()) return "";
    return ": " + s.detail().lines().findFirst().orElse("");
  }

  /** The refusals since {@code before}: the list keeps only the latest, the count says how many. */
  private static List<Refusal> newRefusals(ReleaseStatus before, ReleaseStatus now) {
    if (now.refused() == null) return List.of();
    int fresh = now.refusedCount() - (before == null ? 0 : before.refusedCount());
    int from = Math.max(0, now.refused().size() - Math.max(0, fresh));
    return now.refused().subList(from, now.refused().size());
  }

  private static <T> List<T> added(List<T> before, List<T> now) {
    if (now == null) return List.of();
    int from = before == null ? 0 : Math.min(before.size(), now.size());
    return now.subList(from, now.size());
  }
}
