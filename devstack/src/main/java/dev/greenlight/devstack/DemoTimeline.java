package dev.greenlight.devstack;

import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.model.StepRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The demo's console: one line per thing that happened (stage, step, approval, switch, outcome),
 * with the seconds since the demo began, and a progress bar while the monitor watches.
 */
final class DemoTimeline {
  private final PrintStream out;
  private final long t0 = System.nanoTime();
  private final List<String> lines = new ArrayList<>();
  private ReleaseStatus last;
  private int lastBarSamples = -1;

  DemoTimeline(PrintStream out) {
    this.out = out;
  }

  void note(String text) {
    say(text);
  }

  /** Prints what changed since the previous status. */
  void show(ReleaseStatus now, int expectedSamples) {
    ReleaseStatus before = last;
    last = now;
    for (StepRecord s : now.steps()) {
      boolean seen =
          before != null
              && before.steps().stream()
                  .anyMatch(
                      b ->
                          b.name().equals(s.name())
                              && Objects.equals(b.startedAt(), s.startedAt())
                              && Objects.equals(b.endedAt(), s.endedAt()));
      if (!seen && s.endedAt() != null) {
        say(
            String.format(
                "  %-8s %-9s %s", s.name(), s.status(), s.detail() == null ? "" : s.detail()));
      }
    }
    for (Approval a : now.approvals()) {
      if (before == null || !before.approvals().contains(a)) {
        say(
            "  approved by "
                + a.approver()
                + " via "
                + a.via()
                + (a.comment() == null ? "" : ": " + a.comment()));
      }
    }
    boolean stageChanged = before == null || before.stage() != now.stage();
    if (now.stage() != null
        && now.stage() != Stage.DONE
        && (stageChanged || liveLearned(before, now))) {
      say(
          String.format(
              "%-18s %s",
              now.stage(),
              now.stage() == Stage.DEPLOYING && now.target() != null
                  ? now.version() + " to " + now.target() + " (live: " + now.live() + ")"
                  : ""));
    }
    if (now.stage() == Stage.MONITORING && now.monitor().samples() != lastBarSamples) {
      lastBarSamples = now.monitor().samples();
      out.println(bar(now, expectedSamples));
    }
    if (now.outcome() != null && (before == null || before.outcome() == null)) {
      say("=> " + now.state() + ": " + now.outcome());
    }
  }

  private static boolean liveLearned(ReleaseStatus before, ReleaseStatus now) {
    return before != null && before.target() == null && now.target() != null;
  }

  private String bar(ReleaseStatus s, int expected) {
    int width = 30;
    int filled = expected <= 0 ? 0 : Math.min(width, s.monitor().samples() * width / expected);
    return String.format(
        "  monitor  [%s%s] %d/%d samples, error rate %.1f%%, p95 %dms",
        "#".repeat(filled),
        ".".repeat(width - filled),
        s.monitor().samples(),
        expected,
        s.monitor().errorRate() * 100,
        s.monitor().p95Ms());
  }

  private void say(String text) {
    String line = String.format("[%6.1fs] %s", (System.nanoTime() - t0) / 1e9, text);
    lines.add(line);
    out.println(line);
  }

  List<String> lines() {
    return lines;
  }
}
