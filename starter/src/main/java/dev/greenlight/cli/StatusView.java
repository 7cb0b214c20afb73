package dev.greenlight.cli;

import dev.greenlight.api.model.AppliedMigration;
import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.MonitorStats;
import dev.greenlight.api.model.Refusal;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.model.StepRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The human view of a release ({@code status}) and of many ({@code list}). Every value goes through
 * {@link TerminalText}: what senders and hooks wrote cannot steer the terminal.
 */
final class StatusView {
  private StatusView() {}

  /** Everything an operator needs to decide what to do next. */
  static void print(PrintWriter out, ReleaseStatus s) {
    out.println(TerminalText.line(s.id() + ": " + nz(s.app()) + " " + nz(s.version())));
    row(
        out,
        "state",
        s.state() + (s.stage() == null || s.stage() == Stage.DONE ? "" : " (" + s.stage() + ")"));
    row(
        out,
        "started",
        time(s.startedAt())
            + (s.initiator() == null ? "" : " by " + s.initiator())
            + (s.endedAt() == null ? "" : ", ended " + time(s.endedAt())));
    if (s.live() != null) {
      row(
          out,
          "traffic",
          "live "
              + s.live()
              + ", target "
              + s.target()
              + ", "
              + s.trafficPercent()
              + "% on "
              + s.target());
    }
    if (s.steps() != null && !s.steps().isEmpty()) {
      row(out, "steps", "");
      int width = s.steps().stream().mapToInt(st -> st.name().length()).max().orElse(4);
      for (StepRecord st : s.steps()) {
        String head = "  " + pad(st.name(), width) + "  " + pad(st.status(), 9) + "  " + span(st);
        out.println(TerminalText.line(head));
        if (st.detail() != null) {
          for (String line : TerminalText.block(st.detail()).split("\n"))
            out.println("      " + line);
        }
      }
    }
    List<Approval> approvals = s.approvals() == null ? List.of() : s.approvals();
    if (approvals.isEmpty()) {
      row(out, "approvals", "none yet");
    } else {
      for (int i = 0; i < approvals.size(); i++) {
        Approval a = approvals.get(i);
        row(
            out,
            i == 0 ? "approvals" : "",
            a.approver()
                + " at "
                + time(a.at())
                + (a.comment() == null || a.comment().isBlank() ? "" : ": \"" + a.comment() + "\"")
                + (a.via() == null ? "" : " (" + a.via() + ")"));
      }
    }
    MonitorStats m = s.monitor();
    if (m != null && m.samples() > 0) {
      row(
          out,
          "monitor",
          String.format(
              Locale.ROOT,
              "%d samples, error rate %.1f%%, p95 %dms (baseline %dms), %d alerts, %d breaches",
              m.samples(),
              m.errorRate() * 100,
              m.p95Ms(),
              m.baselineP95Ms(),
              m.alerts(),
              m.breaches()));
      if (m.lastAlert() != null) row(out, "", "last alert: " + m.lastAlert());
      if (m.inconclusive() > 0) {
        row(out, "", m.inconclusive() + " inconclusive, last verdict " + m.lastVerdict());
      }
    }
    if (m != null && m.paused() != null) {
      row(out, "paused", m.paused());
      row(out, "next", "greenlight resume " + s.id() + " --as NAME   (or abort)");
    }
    if (s.migrations() != null) {
      for (int i = 0; i < s.migrations().size(); i++) {
        AppliedMigration mg = s.migrations().get(i);
        row(
            out,
            i == 0 ? "migrations" : "",
            "V" + mg.version() + " " + nz(mg.description()) + " (" + nz(mg.script()) + ")");
      }
    }
    if (s.refused() != null) {
      for (int i = 0; i < s.refused().size(); i++) {
        Refusal r = s.refused().get(i);
        row(
            out,
            i == 0 ? "refused" : "",
            r.command() + " signal from " + nz(r.by()) + " at " + time(r.at()) + ": " + r.reason());
      }
      int older = s.refusedCount() - s.refused().size();
      if (older > 0)
        row(
            out,
            "",
            "and "
                + older
                + " earlier refused signal"
                + (older == 1 ? "" : "s")
                + " (only the latest are kept)");
    }
    if (s.outcome() != null) row(out, "outcome", s.outcome());
    if (s.stage() == Stage.AWAITING_APPROVAL) {
      row(out, "next", "greenlight approve " + s.id() + " --as NAME [--comment TEXT]");
      row(out, "", "greenlight reject " + s.id() + " --as NAME --reason TEXT");
    }
  }

  /** One row per release. */
  static void table(PrintWriter out, List<ReleaseStatus> releases) {
    String[] head = {"ID", "APP", "VERSION", "STATE", "STAGE", "LIVE", "TRAFFIC", "STARTED"};
    String[][] rows = new String[releases.size()][];
    for (int i = 0; i < releases.size(); i++) {
      ReleaseStatus s = releases.get(i);
      rows[i] =
          new String[] {
            s.id(),
            nz(s.app()),
            nz(s.version()),
            String.valueOf(s.state()),
            s.stage() == null ? "?" : s.stage().name(),
            nz(s.live()),
            s.target() == null ? "-" : s.trafficPercent() + "% " + s.target(),
            time(s.startedAt())
          };
      for (int c = 0; c < rows[i].length; c++) rows[i][c] = TerminalText.line(rows[i][c]);
    }
    int[] width = new int[head.length];
    for (int c = 0; c < head.length; c++) {
      width[c] = head[c].length();
      for (String[] r : rows) width[c] = Math.max(width[c], r[c].length());
    }
    out.println(line(head, width));
    for (String[] r : rows) out.println(line(r, width));
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      sb.append(c == cells.length - 1 ? cells[c] : pad(cells[c], width[c]) + "  ");
    }
    return sb.toString().stripTrailing();
  }

  private static void row(PrintWriter out, String label, String value) {
    out.println((pad(label, 10) + "  " + TerminalText.line(value)).stripTrailing());
  }

  private static String span(StepRecord st) {
    if (st.startedAt() == null) return "";
    return clock(st.startedAt()) + (st.endedAt() == null ? " -" : " - " + clock(st.endedAt()));
  }

  /** "2026-11-26T10:00:00.123Z" as "2026-11-26 10:00:00Z". */
  static String time(String iso) {
    if (iso == null) return "-";
    String t = iso.replace('T', ' ');
    int dot = t.indexOf('.');
    return dot > 0 && t.endsWith("Z") ? t.substring(0, dot) + "Z" : t;
  }

  /** The time of day of an ISO instant, "10:00:00". */
  static String clock(String iso) {
    String t = time(iso);
    int space = t.indexOf(' ');
    return space > 0 ? t.substring(space + 1).replace("Z", "") : t;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String nz(String s) {
    return s == null ? "-" : s;
  }
}
