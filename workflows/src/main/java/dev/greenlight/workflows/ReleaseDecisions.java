package dev.greenlight.workflows;

import dev.greenlight.api.approval.SignatureCheck;
import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.DecisionPayload;
import dev.greenlight.api.model.Stage;
import io.temporal.common.converter.EncodedValues;
import io.temporal.common.converter.RawValue;
import io.temporal.workflow.CancellationScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The decisions people send a running release ({@link Decision}s: approve, reject and abort), under
 * one set of rules whichever way they come: as updates from the CLI (validated first, so a refused
 * one leaves no trace in the history) or as signals from the Temporal UI (a refused one changes
 * nothing and is listed in status). Workflow code.
 *
 * <p>reject and abort cancel the pipeline; the workflow reads {@link #stop()} to tell why.
 */
final class ReleaseDecisions {
  private StatusBoard board;
  private ApprovalPolicy policy;
  private Compensation compensation;
  private CancellationScope pipeline;
  private Stop stop;
  private SignatureGate signatures;

  /** Signals refused before the release had a status to list them in. */
  private final List<String[]> early = new ArrayList<>();

  /** Commands apply from now on (before, every one is refused: the release has not started). */
  void begin(
      StatusBoard board,
      ApprovalPolicy policy,
      Compensation compensation,
      CancellationScope pipeline) {
    this.board = board;
    this.policy = policy;
    this.compensation = compensation;
    this.pipeline = pipeline;
    for (String[] r : early) board.refused(r[0], r[1], r[2]);
    early.clear();
  }

  /**
   * With {@code approval.signers}: approvals count only when signed (see {@link SignatureGate}).
   */
  void requireSignatures(SignatureGate gate) {
    this.signatures = gate.required() ? gate : null;
  }

  /** The reject or abort that stopped the release, or null. */
  Stop stop() {
    return stop;
  }

  // ---- approve ---------------------------------------------------------------------------------

  void validateApprove(Decision d) {
    refuseIf(checkApprove(d));
  }

  String approveUpdate(Decision d) {
    // the validator checked the signature; it does not run on replay, so the handler checks it
    // again: a history whose signature bytes were altered fails to replay
    String bad = signatures == null ? null : signatures.refusal(d);
    if (bad != null) {
      throw new IllegalStateException(
          "the approval by " + d.approver() + " in this history does not verify: " + bad);
    }
    return applyApprove(d, "cli");
  }

  void approveSignal(RawValue raw) {
    DecisionPayload.Read read = DecisionPayload.read("approve", raw);
    if (read.refusal() != null) refused("approve", read.sender(), read.refusal());
    else approveSignal(read.decision());
  }

  void approveSignal(Decision d) {
    String why = checkApprove(d);
    if (why != null) refused("approve", d, why);
    else applyApprove(d, "signal");
  }

  // ---- reject ----------------------------------------------------------------------------------

  void validateReject(Decision d) {
    refuseIf(checkReject(d));
  }

  String rejectUpdate(Decision d) {
    return applyStop("reject", d);
  }

  void rejectSignal(RawValue raw) {
    DecisionPayload.Read read = DecisionPayload.read("reject", raw);
    if (read.refusal() != null) refused("reject", read.sender(), read.refusal());
    else rejectSignal(read.decision());
  }

  void rejectSignal(Decision d) {
    String why = checkReject(d);
    if (why != null) refused("reject", d, why);
    else applyStop("reject", d);
  }

  // ---- abort -----------------------------------------------------------------------------------

  void validateAbort(Decision d) {
    refuseIf(checkAbort(d));
  }

  String abortUpdate(Decision d) {
    return applyStop("abort", d);
  }

  void abortSignal(RawValue raw) {
    DecisionPayload.Read read = DecisionPayload.read("abort", raw);
    if (read.refusal() != null) refused("abort", read.sender(), read.refusal());
    else abortSignal(read.decision());
  }

  /**
   * Any other signal (the workflow's dynamic handler): listed as refused, never silently ignored; a
   * name that differs from a command only in case ({@code Approve}) says so.
   */
  void unknownSignal(String name, EncodedValues args) {
    String lower = name.toLowerCase(Locale.ROOT);
    String why =
        List.of("approve", "reject", "abort").contains(lower)
            ? "unknown signal '"
                + StatusBoard.clip(name, 64)
                + "': signal names are lower case, send '"
                + lower
                + "'"
            : "unknown signal '"
                + StatusBoard.clip(name, 64)
                + "' (this release takes approve, reject and abort)";
    refused(StatusBoard.clip(name, 64), (String) null, why);
  }

  void abortSignal(Decision d) {
    String why = checkAbort(d);
    if (why != null) refused("abort", d, why);
    else applyStop("abort", d);
  }

  // ---- the rules: each returns null when allowed, else why it is refused ------------------------

  /** Why the release takes no command now (not started, finished, stopping), or null. */
  String refusal() {
    return checkRunning();
  }

  private String checkRunning() {
    if (board == null) return "the release has not started yet";
    if (board.state().finished()) return "the release already ended " + board.state();
    if (compensation.running()) return "the release is already rolling back";
    if (stop != null)
      return "the release is already stopping (" + stop.command() + "ed by " + stop.by() + ")";
    return null;
  }

  /** Bounded fields first: no later reason may repeat a value of any size. */
  private static String checkFields(Decision d) {
    return d == null ? null : d.problem();
  }

  private String checkApprove(Decision d) {
    String why = checkFields(d);
    if (why != null) return why;
    why = checkRunning();
    if (why != null) return why;
    if (board.stage() != Stage.AWAITING_APPROVAL) {
      return "the release is not awaiting approval (stage " + board.stage() + ")";
    }
    if (policy.satisfied(board.approvals())) return "the release is already approved";
    if (board.approvals().size() >= StatusBoard.APPROVALS_MAX) {
      return "the release already has "
          + StatusBoard.APPROVALS_MAX
          + " approvals, the most it records";
    }
    why = policy.checkApprove(d, board.approvals());
    if (why != null) return why;
    return signatures == null ? null : signatures.refusal(d);
  }

  private String checkReject(Decision d) {
    String why = checkFields(d);
    if (why != null) return why;
    why = checkRunning();
    if (why != null) return why;
    if (board.stage().compareTo(Stage.SWITCHING) >= 0)
      return "traffic is already switching (stage " + board.stage() + "): use abort to roll back";
    why = policy.eligibility(d == null ? null : d.approver());
    if (why != null) return why;
    if (d.reason() == null || d.reason().isBlank()) return "a reason is required";
    return null;
  }

  private String checkAbort(Decision d) {
    String why = checkFields(d);
    if (why != null) return why;
    why = checkRunning();
    if (why != null) return why;
    if (d == null || d.approver() == null || d.approver().isBlank())
      return "the sender's name is required";
    if (d.reason() == null || d.reason().isBlank()) return "a reason is required";
    return null;
  }

  // ---- applying --------------------------------------------------------------------------------

  private static void refuseIf(String why) {
    if (why != null) throw new IllegalArgumentException(why);
  }

  /** A refused signal is listed in status (once the release has a status to list it in). */
  private void refused(String command, Decision d, String why) {
    refused(command, d == null ? null : d.approver(), why);
  }

  private void refused(String command, String by, String why) {
    if (board != null) board.refused(command, by, why);
    else if (early.size() < StatusBoard.REFUSED_KEPT) early.add(new String[] {command, by, why});
  }

  private String applyApprove(Decision d, String via) {
    SignatureCheck signed = signatures == null ? null : signatures.check(d);
    board.approved(
        new Approval(
            d.approver(),
            StatusBoard.now(),
            d.comment(),
            via,
            signed == null ? null : signed.keyType(),
            signed == null ? null : signed.fingerprint()));
    String progress = policy.progress(board.approvals());
    board.stepDetail("approval", progress);
    return "approved by " + d.approver() + " (" + progress + ")";
  }

  private String applyStop(String command, Decision d) {
    stop = new Stop(command, d.approver(), d.reason(), board.stage());
    if (pipeline != null) pipeline.cancel(stop.text());
    return command + "ed by " + d.approver() + " during " + board.stage();
  }
}
