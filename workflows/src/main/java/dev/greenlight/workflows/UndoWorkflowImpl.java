package dev.greenlight.workflows;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.lifecycle.ColorFacts;
import dev.greenlight.api.lifecycle.UndoRequest;
import dev.greenlight.api.lifecycle.UndoWorkflow;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.Durations;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.lifecycle.UndoSpec;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.DynamicSignalHandler;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The undo runbook: which color is live; check that the other one still runs the version before the
 * undone release; approval (unless {@code undo.approval: none}); all traffic to the other color,
 * proven through the public URL. Deterministic, like the release. A refused check ends it FAILED
 * with the {@link UndoWorkflow#CHECK_STEP} step FAILED (the CLI's exit 4): nothing was switched.
 */
public class UndoWorkflowImpl extends DecisionHandlers implements UndoWorkflow {
  private final Compensation compensation = new Compensation();
  private UndoRequest request;
  private ReleaseSpec spec;
  private StatusBoard board;
  private ApprovalPolicy policy;
  private ReleaseActivities activities;
  private Steps steps;

  @Override
  public ReleaseStatus undo(UndoRequest request) {
    this.request = request;
    this.spec = request.undone().spec();
    String backTo = request.backTo() == null ? "previous" : request.backTo();
    ReleaseRequest as =
        new ReleaseRequest(
            request.undoId(), backTo, request.initiator(), spec, request.searchAttributes());
    this.board = new StatusBoard(as);
    // any other signal name (e.g. "Approve") is listed as refused, not dropped by the SDK
    Workflow.registerListener((DynamicSignalHandler) decisions::unknownSignal);
    // with approval.signers, an undo's approvals are signed too: it moves traffic
    decisions.requireSignatures(new SignatureGate(as));
    board.indexStart();
    this.policy = new ApprovalPolicy(spec.approval(), request.initiator());
    this.activities = new ReleaseActivities(as);
    this.steps = new Steps(board, decisions);
    CancellationScope pipeline = Workflow.newCancellationScope(this::runPipeline);
    decisions.begin(board, policy, compensation, pipeline);
    ReleaseState state;
    String outcome;
    try {
      pipeline.run();
      state = ReleaseState.SUCCEEDED;
      outcome =
          "undo of "
              + request.undone().releaseId()
              + ": all traffic is back on "
              + board.target()
              + ", proven through the public URL (reason: "
              + request.reason()
              + ")";
    } catch (ActivityFailure | CanceledFailure | StepFailure | ApprovalEnded e) {
      Stop stop = decisions.stop();
      String why = FailureText.why(e);
      if (stop != null) {
        state = stop.isReject() ? ReleaseState.REJECTED : ReleaseState.ABORTED;
        why = stop.text();
      } else if (e instanceof ApprovalEnded ended) {
        state = ended.state;
      } else {
        state = ReleaseState.FAILED;
      }
      String traffic =
          board.live() == null ? "" : "; all traffic stays on " + board.live() + " as it was";
      outcome = "undo of " + request.undone().releaseId() + " did not happen: " + why + traffic;
      if (compensation.registered()) {
        String failed = compensation.run();
        outcome =
            "undo of "
                + request.undone().releaseId()
                + " failed: "
                + why
                + (failed == null
                    ? "; traffic was switched back to " + board.live() + ", proven"
                    : "; switching back failed too: " + failed + ". Check the router now");
      }
    }
    board.finish(state, outcome);
    return board.snapshot();
  }

  private void runPipeline() {
    if (decisions.stop() != null) throw new CanceledFailure("stopped before it began");
    Color live = activities.liveColor();
    Color other = live.other();
    board.colors(live, other);
    steps.run(CHECK_STEP, Stage.HEALTH_CHECK, () -> check(other));
    if (UndoSpec.needsApproval(spec.undo())) awaitApproval();
    switchBack(live, other);
  }

  /** The other color must still run the version before the undone release. */
  private String check(Color other) {
    ColorFacts facts = new LifecycleActivities(request.undone()).inspect(other);
    String undoneVersion = request.undone().version();
    String field = spec.health().versionField();
    if (field == null) {
      return other
          + " is healthy; health.versionField is not set, so its version was not checked"
          + (request.backTo() == null ? "" : " (Greenlight deployed " + request.backTo() + ")");
    }
    String runs = facts.version();
    if (runs == null) {
      throw new StepFailure(
          CHECK_STEP,
          "refused: " + other + "'s health body has no " + field + ": its version is unknown");
    }
    if (runs.equals(undoneVersion)) {
      throw new StepFailure(
          CHECK_STEP,
          "refused: "
              + other
              + " already runs "
              + runs
              + " (the standby was synced): an undo would change nothing; release the previous"
              + " version instead");
    }
    if (request.backTo() != null && !runs.equals(request.backTo())) {
      throw new StepFailure(
          CHECK_STEP,
          "refused: "
              + other
              + " runs "
              + runs
              + ", no longer "
              + request.backTo()
              + " (the version before "
              + request.undone().releaseId()
              + "); release the version you want instead");
    }
    return other + " runs " + runs + " and is healthy";
  }

  private void awaitApproval() {
    Duration timeout = spec.approval().timeout();
    steps.run(
        "approval",
        Stage.AWAITING_APPROVAL,
        () -> {
          board.stepDetail("approval", policy.progress(board.approvals()));
          if (!Workflow.await(timeout, () -> policy.satisfied(board.approvals()))) {
            throw new ApprovalEnded(
                ReleaseState.TIMED_OUT,
                "no approval within "
                    + Durations.format(timeout)
                    + " ("
                    + policy.progress(board.approvals())
                    + ")");
          }
          return policy.progress(board.approvals()) + ": " + Outcome.approvers(board.approvals());
        });
  }

  private void switchBack(Color live, Color other) {
    board.stage(Stage.SWITCHING);
    // a switch that fails half-way must not leave traffic split: back to where it was
    compensation.register("switch back to " + live, () -> restore(live));
    steps.run(
        "switch",
        Stage.SWITCHING,
        () -> {
          String detail = activities.switchTo(other, 100);
          board.traffic(100);
          detail = detail + "; " + activities.verifyServing(other);
          board.live(other);
          return "100% on " + other + ": " + detail;
        });
  }

  private void restore(Color live) {
    board.stage(Stage.ROLLING_BACK);
    board.beginStep("rollback");
    try {
      String detail = activities.switchTo(live, 100) + "; " + activities.verifyServing(live);
      board.traffic(0);
      board.live(live);
      board.endStep("rollback", "SUCCEEDED", "all traffic on " + live + ": " + detail);
    } catch (ActivityFailure f) {
      board.endStep("rollback", "FAILED", FailureText.of(f));
      throw new StepFailure("rollback", FailureText.of(f));
    }
  }

  @Override
  public ReleaseStatus status() {
    return board == null ? null : board.snapshot();
  }
}
