package dev.greenlight.workflows;

import dev.greenlight.api.model.AppliedMigration;
import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.MonitorStats;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.spec.Durations;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a release ended: its final state and the one sentence status shows as {@code outcome}. Pure
 * (no Temporal): built from what happened, one row of README's "What a release does when things go
 * wrong" each. Operators, scripts and tests read these sentences: keep them as they are.
 *
 * @param state the final state
 * @param sentence what happened and why, e.g. "Rolled back: monitor breach at 100% on green: ...;
 *     traffic is back on blue."
 */
record Outcome(ReleaseState state, String sentence) {

  /**
   * What happened to a release that did not succeed.
   *
   * @param why why the pipeline stopped, as a clause the sentence continues ("deploy failed: ...")
   * @param stop the reject or abort that stopped it, or null
   * @param approvalEnded the state the approval wait ended in (TIMED_OUT), or null
   * @param previous the color live before the release; null when it ended before anyone knew
   * @param target the new color
   * @param switched whether the switch had begun, so traffic had to be switched back
   * @param rollbackFailure why switching back failed, or null
   * @param stayApplied the migrations this release applied (never undone)
   */
  record Ending(
      String why,
      Stop stop,
      ReleaseState approvalEnded,
      Color previous,
      Color target,
      boolean switched,
      String rollbackFailure,
      List<AppliedMigration> stayApplied) {}

  /** The release went live and its monitor window passed. */
  static Outcome succeeded(
      String app,
      String version,
      Color target,
      List<Approval> approvals,
      MonitorStats monitor,
      Duration window) {
    return new Outcome(
        ReleaseState.SUCCEEDED,
        String.format(
            "%s %s is live on %s: approved by %s; %d monitor samples over %s within thresholds"
                + " (error rate %.1f%%, p95 %dms).",
            app,
            version,
            target,
            approvers(approvals),
            monitor.samples(),
            Durations.format(window),
            monitor.errorRate() * 100,
            monitor.p95Ms()));
  }

  /** The release stopped early; traffic was never moved, or was moved back (or that failed). */
  static Outcome ended(Ending e) {
    if (e.previous() == null) {
      return new Outcome(
          ReleaseState.FAILED,
          "The release could not start: " + e.why() + "; nothing was changed.");
    }
    String note = migrationNote(e.stayApplied());
    if (e.switched() && e.rollbackFailure() != null) {
      return new Outcome(
          ReleaseState.FAILED,
          capitalize(e.why())
              + "; the rollback to "
              + e.previous()
              + " FAILED ("
              + e.rollbackFailure()
              + "): check the router by hand, traffic may still be on "
              + e.target()
              + "."
              + note);
    }
    String traffic = (e.switched() ? "traffic is back on " : "traffic stays on ") + e.previous();
    Stop stop = e.stop();
    if (stop != null && stop.isReject()) {
      return new Outcome(
          ReleaseState.REJECTED,
          "Rejected by "
              + stop.by()
              + ": "
              + stop.reason()
              + "; nothing was switched, "
              + traffic
              + "."
              + note);
    }
    if (stop != null) {
      return new Outcome(
          ReleaseState.ABORTED,
          "Aborted by "
              + stop.by()
              + " during "
              + stop.stage()
              + ": "
              + stop.reason()
              + "; "
              + traffic
              + "."
              + note);
    }
    if (e.approvalEnded() != null) {
      return new Outcome(
          e.approvalEnded(),
          capitalize(e.why()) + "; nothing was switched, " + traffic + "." + note);
    }
    if (e.switched()) {
      return new Outcome(
          ReleaseState.ROLLED_BACK, "Rolled back: " + e.why() + "; " + traffic + "." + note);
    }
    return new Outcome(ReleaseState.FAILED, capitalize(e.why()) + "; " + traffic + "." + note);
  }

  /** Who approved, e.g. "alice, bob", or "nobody". */
  static String approvers(List<Approval> approvals) {
    if (approvals.isEmpty()) return "nobody";
    return approvals.stream().map(Approval::approver).collect(Collectors.joining(", "));
  }

  /**
   * Migrations are never undone (they are backward compatible by rule): a release that does not
   * succeed names them.
   */
  private static String migrationNote(List<AppliedMigration> applied) {
    if (applied.isEmpty()) return "";
    return " Migrations "
        + applied.stream()
            .map(m -> m.version() == null ? m.script() : "V" + m.version())
            .collect(Collectors.joining(", "))
        + " stay applied (backward compatible by rule).";
  }

  private static String capitalize(String s) {
    if (s == null || s.isEmpty()) return s;
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
