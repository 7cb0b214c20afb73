package dev.greenlight.client.audit;

import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.model.AppliedMigration;
import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.Refusal;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A human-readable account of one release, from its history alone: Markdown, or HTML with a chart.
 */
public final class AuditReport {
  private final ReleaseHistory h;

  public AuditReport(ReleaseHistory history) {
    this.h = history;
  }

  /** The report as Markdown. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    ReleaseStatus s = h.result;
    String app = h.request != null ? h.request.spec().app() : "?";
    String version = h.request != null ? h.request.version() : "?";
    md.append("# Release ").append(h.workflowId).append("\n\n");
    md.append("| | |\n|---|---|\n");
    row(md, "app", app);
    row(md, "version", version);
    row(
        md,
        "started by",
        (h.request != null ? h.request.initiator() : "?")
            + " (Temporal identity: "
            + h.startIdentity
            + ")");
    row(md, "started at", h.startedAt);
    row(md, "ended at", h.endedAt == null ? "still running when exported" : h.endedAt);
    row(
        md,
        "final state",
        s == null ? "unknown (no completion in this history)" : s.state().name());
    row(
        md,
        "colors",
        s == null
            ? "?"
            : "live was "
                + (s.target() == null ? "?" : other(s.target()))
                + ", target "
                + s.target());
    row(md, "history events", String.valueOf(h.events));
    md.append("\n## Outcome\n\n")
        .append(s == null || s.outcome() == null ? "The release had not ended." : s.outcome())
        .append("\n");

    md.append("\n## Migrations applied\n\n");
    List<AppliedMigration> migrations =
        s != null ? s.migrations() : h.migration != null ? h.migration.applied() : List.of();
    if (migrations.isEmpty()) {
      md.append("None.\n");
    } else {
      md.append("| version | script | checksum |\n|---|---|---|\n");
      for (AppliedMigration m : migrations) {
        md.append("| ")
            .append(m.version())
            .append(" | ")
            .append(m.script())
            .append(" | ")
            .append(m.checksum())
            .append(" |\n");
      }
    }

    md.append(
        "\n## Steps\n\n| step | status | started | ended | detail |\n|---|---|---|---|---|\n");
    if (s != null) {
      for (StepRecord st : s.steps()) {
        md.append("| ")
            .append(st.name())
            .append(" | ")
            .append(st.status())
            .append(" | ")
            .append(st.startedAt())
            .append(" | ")
            .append(st.endedAt() == null ? "" : st.endedAt())
            .append(" | ")
            .append(cell(st.detail()))
            .append(" |\n");
      }
    }

    md.append("\n## Decisions and commands\n\n");
    md.append(
        "| at | command | by | via | Temporal identity | comment / reason |\n"
            + "|---|---|---|---|---|---|\n");
    for (ReleaseHistory.Command c : h.commands) {
      String by = c.decision() == null ? "?" : c.decision().approver();
      String text =
          c.decision() == null
              ? ""
              : c.decision().comment() != null ? c.decision().comment() : c.decision().reason();
      md.append("| ")
          .append(c.at())
          .append(" | ")
          .append(c.name())
          .append(" | ")
          .append(by)
          .append(" | ")
          .append(c.via())
          .append(" | ")
          .append(c.identity())
          .append(" | ")
          .append(cell(text))
          .append(" |\n");
    }
    if (s != null) {
      md.append("\nAccepted approvals: ");
      md.append(
          s.approvals().isEmpty()
              ? "none"
              : String.join(", ", s.approvals().stream().map(Approval::approver).toList()));
      md.append(".\n");
      md.append(SignedApprovalAudit.markdown(h));
      if (!s.refused().isEmpty()) {
        md.append("\nRefused (changed nothing):\n\n");
        for (Refusal r : s.refused()) {
          md.append("- ")
              .append(r.at())
              .append(" ")
              .append(r.command())
              .append(" by ")
              .append(r.by())
              .append(": ")
              .append(r.reason())
              .append("\n");
        }
      }
    }

    md.append("\n## Traffic\n\n");
    boolean switched = false;
    for (ReleaseHistory.ActivityRun a : h.activities) {
      if (a.type().equals("SwitchTo") || a.type().equals("VerifyServing")) {
        switched = true;
        md.append("- ")
            .append(a.at())
            .append(" ")
            .append(a.type())
            .append(" ")
            .append(a.outcome())
            .append(": ")
            .append(a.detail())
            .append("\n");
      }
    }
    if (!switched) md.append("Traffic was never switched.\n");

    md.append("\n## Monitor\n\n");
    if (h.samples.isEmpty()) {
      md.append("No samples.\n");
    } else {
      md.append(
          "| at | requests | errors | error rate | p95 ms | verdict |\n"
              + "|---|---|---|---|---|---|\n");
      for (MonitorSample m : h.samples) {
        md.append("| ")
            .append(m.at())
            .append(" | ")
            .append(m.requests())
            .append(" | ")
            .append(m.errors())
            .append(" | ")
            .append(String.format(Locale.ROOT, "%.1f%%", m.errorRate() * 100))
            .append(" | ")
            .append(m.p95Ms())
            .append(" | ")
            .append(m.verdict())
            .append(m.reason() == null ? "" : " (" + m.reason() + ")")
            .append(" |\n");
      }
    }

    if (s != null && s.state() == ReleaseState.ROLLED_BACK) {
      md.append("\n## Incident\n\n");
      MonitorSample trigger =
          h.samples.stream().filter(m -> "ROLLBACK".equals(m.verdict())).findFirst().orElse(null);
      StepRecord rollback =
          s.steps().stream().filter(st -> st.name().equals("rollback")).findFirst().orElse(null);
      if (trigger != null) {
        md.append("- trigger: monitor sample at ")
            .append(trigger.at())
            .append(": ")
            .append(trigger.reason())
            .append("\n");
      } else {
        StepRecord failed =
            s.steps().stream().filter(st -> st.status().equals("FAILED")).findFirst().orElse(null);
        md.append("- trigger: ")
            .append(failed == null ? s.outcome() : failed.name() + " failed: " + failed.detail())
            .append("\n");
      }
      if (rollback != null) {
        md.append("- rollback: ")
            .append(rollback.status())
            .append(" at ")
            .append(rollback.endedAt())
            .append(" (")
            .append(rollback.detail())
            .append(")\n");
        if (trigger != null && rollback.endedAt() != null) {
          Duration d =
              Duration.between(Instant.parse(trigger.at()), Instant.parse(rollback.endedAt()));
          md.append("- time to rollback: ")
              .append(d.toMillis())
              .append(" ms from the first bad sample\n");
        }
      }
    }
    return md.toString();
  }

  /** The report as a standalone HTML page; the monitor samples are drawn as an SVG chart. */
  public String html() {
    StringBuilder out =
        new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Release ")
            .append(esc(h.workflowId))
            .append(
                "</title><style>body{font-family:sans-serif;max-width:70em;margin:2em"
                    + " auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px"
                    + " 6px;font-size:90%}</style></head><body>\n");
    out.append(chart());
    boolean inTable = false;
    for (String line : markdown().split("\n")) {
      if (line.startsWith("|")) {
        if (line.startsWith("|---")) continue;
        if (!inTable) {
          out.append("<table>");
          inTable = true;
        }
        out.append("<tr>");
        String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
        for (String c : cells) out.append("<td>").append(esc(c.trim())).append("</td>");
        out.append("</tr>\n");
        continue;
      }
      if (inTable) {
        out.append("</table>\n");
        inTable = false;
      }
      if (line.startsWith("# "))
        out.append("<h1>").append(esc(line.substring(2))).append("</h1>\n");
      else if (line.startsWith("## "))
        out.append("<h2>").append(esc(line.substring(3))).append("</h2>\n");
      else if (line.startsWith("- "))
        out.append("<li>").append(esc(line.substring(2))).append("</li>\n");
      else if (!line.isBlank()) out.append("<p>").append(esc(line)).append("</p>\n");
    }
    if (inTable) out.append("</table>\n");
    return out.append("</body></html>\n").toString();
  }

  private String chart() {
    if (h.samples.isEmpty()) return "";
    int w = 800;
    int ht = 200;
    long maxP95 = Math.max(1, h.samples.stream().mapToLong(MonitorSample::p95Ms).max().orElse(1));
    StringBuilder rate = new StringBuilder();
    StringBuilder p95 = new StringBuilder();
    int n = h.samples.size();
    for (int i = 0; i < n; i++) {
      MonitorSample m = h.samples.get(i);
      double x = n == 1 ? w / 2.0 : i * (w - 20.0) / (n - 1) + 10;
      rate.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, ht - 10 - m.errorRate() * (ht - 20)));
      p95.append(
          String.format(
              Locale.ROOT, "%.1f,%.1f ", x, ht - 10 - (double) m.p95Ms() / maxP95 * (ht - 20)));
    }
    return "<h2>Monitor samples</h2><svg class=\"monitor-chart\" width=\""
        + w
        + "\" height=\""
        + ht
        + "\" style=\"border:1px solid #ccc\"><polyline fill=\"none\" stroke=\"#c00\""
        + " stroke-width=\"2\" points=\""
        + rate
        + "\"/><polyline fill=\"none\" stroke=\"#06c\" stroke-width=\"2\" points=\""
        + p95
        + "\"/></svg><p><span style=\"color:#c00\">error rate (0..100%)</span>, <span"
        + " style=\"color:#06c\">p95 (0.."
        + maxP95
        + " ms)</span></p>\n";
  }

  private static String other(String color) {
    return "blue".equals(color) ? "green" : "blue";
  }

  private static void row(StringBuilder md, String k, String v) {
    md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n");
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace("\n", " ").replace("|", "/");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
