package dev.greenlight.workflows;

import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.Stage;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;

/**
 * {@code promote --full}: after approval, skips the remaining progressive holds and sends all
 * traffic to the new color at once (the monitor window still follows). It needs an approver, as
 * approve does, and is recorded as a step. Workflow code.
 */
final class FullPromotion {
  private StatusBoard board;
  private ApprovalPolicy policy;
  private ReleaseDecisions decisions;
  private CancellationScope hold;
  private Decision by;

  void begin(StatusBoard board, ApprovalPolicy policy, ReleaseDecisions decisions) {
    this.board = board;
    this.policy = policy;
    this.decisions = decisions;
  }

  /** Whether the holds left are skipped. */
  boolean promoted() {
    return by != null;
  }

  /** Why {@code d} may not promote now, or null. */
  String check(Decision d) {
    String why = d == null ? null : d.problem();
    if (why != null) return why;
    if (board == null) return "the release has not started yet";
    if (board.state().finished()) return "the release already ended " + board.state();
    if (decisions.stop() != null) return "the release is already stopping";
    if (board.stage() == Stage.ROLLING_BACK) return "the release is rolling back";
    if (board.stage().compareTo(Stage.SWITCHING) < 0)
      return "the release is not approved yet (stage " + board.stage() + "): approve it first";
    if (by != null) return "the release is already promoted by " + by.approver();
    if (board.trafficPercent() >= 100 || board.stage() == Stage.DONE)
      return "all traffic is already on " + board.target() + ": no hold left to skip";
    return policy.eligibility(d.approver());
  }

  /** Validator: throws when refused. */
  void validate(Decision d) {
    String why = check(d);
    if (why != null) throw new IllegalArgumentException(why);
  }

  /** Applies a validated promote: the running hold ends now, the next switch is to 100%. */
  String apply(Decision d) {
    String why = check(d);
    if (why != null) throw new IllegalArgumentException(why);
    by = d;
    String text =
        "promoted to 100% by "
            + d.approver()
            + (d.comment() == null || d.comment().isBlank() ? "" : " (" + d.comment() + ")")
            + ": the remaining holds are skipped";
    board.beginStep("promote");
    board.endStep("promote", "SUCCEEDED", text);
    if (hold != null) hold.cancel(text);
    return text;
  }

  /**
   * Runs one hold in a scope a promote cancels; returns false when it was cut short or skipped by a
   * promote (the caller then goes to 100% at once).
   */
  boolean hold(Runnable monitor) {
    if (by != null) return false;
    hold = Workflow.newCancellationScope(monitor);
    try {
      hold.run();
    } catch (CanceledFailure | ActivityFailure e) {
      if (by == null) throw e; // an abort or a failure, not a promote
    } finally {
      hold = null;
    }
    return by == null;
  }
}
