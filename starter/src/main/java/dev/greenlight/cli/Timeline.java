package dev.greenlight.cli;

import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.Refusal;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.model.StepRecord;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * The live view of {@code watch} and {@code start --follow}: one line per thing that happened since
 * the last status (stage, step, traffic, approval, refusal, outcome). Lines are only ever appended,
 * so it reads the same in a terminal, a CI log or a file.
 */
final class Timeline {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private final PrintWriter out;
  private ReleaseStatus last;

  Timeline(PrintWriter out) {
    this.out = out;
  }

  /** Prints what changed between the previous status and {@code now}. */
  void show(ReleaseStatus now) {
    ReleaseStatus before = last;
    last = now;
    if (before == null) {
      say(now.app() + " " + now.version() + " (" + now.id() + "), started by " + now.initiator());
    }
    if (now.stage() != null
        && now.stage() != Stage.DONE
        && (before == null || before.stage() != now.stage())) {
      say("stage " + now.stage());
    }
    if (now.live() != null && (before == null || !Objects.equals(before.live(), now.live()))) {
      say(
          before == null || before.live() == null
              ? "live " + now.live() + ", target " + now.target()
              : "live is now " + now.live());
    }
    if (before != null && before.trafficPercent() != now.trafficPercent() && now.target() != null) {
      say("traffic: " + now.trafficPercent() + "% on " + now.target());
    }
    steps(before == null ? List.of() : before.steps(), now.steps());
    for (Approval a : added(before == null ? List.of() : before.approvals(), now.approvals())) {
      say(
          "approved by "
              + a.approver()
              + (a.comment() == null || a.comment().isBlank() ? "" : ": " + a.comment()));
    }
    for (Refusal r : newRefusals(before, now)) {
      say("refused " + r.command() + " signal from " + r.by() + ": " + r.reason());
    }
    if (now.state() != null
        && now.state().finished()
        && (before == null || !before.state().finished())) {
      say("ended " + now.state() + (now.outcome() == null ? "" : ": " + now.outcome()));
    }
    out.flush();
  }

  private void steps(List<StepRecord> before, List<StepRecord> now) {
    if (now == null) return;
    for (int i = 0; i < now.size(); i++) {
      StepRecord s = now.get(i);
      StepRecord b = before != null && i < before.size() ? before.get(i) : null;
      if (b == null) {
        say(s.name() + " " + s.status() + detail(s));
      } else if (!b.status().equals(s.status()) || !Objects.equals(b.detail(), s.detail())) {
        say(s.name() + " " + s.status() + detail(s));
      }
    }
  }

  private static String detail(StepRecord s) {
    if (s.detail() == null || s.detail().isBlank()) return "";
    return ": " + s.detail().lines().findFirst().orElse("");
  }

  /**
   * The refusals since {@code before}: the list keeps only the latest, the count says how many
   * came.
   */
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

  /** One line, whatever the release's texts hold ({@link TerminalText}). */
  private void say(String line) {
    out.println(LocalTime.now().format(CLOCK) + "  " + TerminalText.line(line));
  }
}
