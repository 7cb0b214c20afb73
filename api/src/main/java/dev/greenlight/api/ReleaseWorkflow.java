package dev.greenlight.api;

import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.ReleaseStatus;
import io.temporal.common.converter.RawValue;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One blue-green release: deploy, health, migrate, smoke, approve, switch, monitor, done; or
 * compensate. The workflow id is the release id.
 *
 * <p>Commands come two ways with the same rules: as updates (the CLI: an immediate answer, a
 * refused one leaves no trace) and as signals named {@code approve}, {@code reject}, {@code abort}
 * carrying one JSON object (the Temporal UI: a refused one changes nothing and is listed in
 * status). The signals take the raw payload ({@link RawValue}, see {@link
 * dev.greenlight.api.model.DecisionPayload}): the workflow reads it itself, so a malformed one is
 * listed in status with the reason instead of being dropped by the SDK.
 */
@WorkflowInterface
public interface ReleaseWorkflow {
  /** Workflow type name, stable across refactors. */
  String TYPE = "ReleaseWorkflow";

  String UPDATE_APPROVE = "approveRelease";
  String UPDATE_REJECT = "rejectRelease";
  String UPDATE_ABORT = "abortRelease";
  String UPDATE_PROMOTE = "promoteRelease";
  String UPDATE_PAUSE = "pauseRelease";
  String UPDATE_RESUME = "resumeRelease";

  @WorkflowMethod(name = TYPE)
  ReleaseStatus release(ReleaseRequest request);

  /** The contract's {@code status --json} shape. */
  @QueryMethod(name = "status", description = "Where the release stands (status --json).")
  ReleaseStatus status();

  /** What the Temporal UI shows for the approve signal. */
  String APPROVE_HELP =
      "Approve the switch: {\"approver\": \"alice\", \"comment\": \"...\"}, plus"
          + " \"signature\" when the spec has approval.signers (greenlight approve RELEASE --as"
          + " NAME --sign-key KEY --print-signal prints the JSON). A refused one changes nothing"
          + " and is listed in status.refused.";

  /** What the Temporal UI shows for the reject signal. */
  String REJECT_HELP =
      "Refuse the release before the switch: {\"approver\": \"alice\", \"reason\":"
          + " \"...\"}. Nothing is switched; it ends REJECTED.";

  /** What the Temporal UI shows for the abort signal. */
  String ABORT_HELP =
      "Stop now: {\"approver\": \"alice\", \"reason\": \"...\"}. Before the switch it"
          + " cleans up; after it, traffic goes back.";

  @UpdateMethod(
      name = UPDATE_APPROVE,
      description =
          "Approve the switch (the CLI: greenlight approve). Refused with the reason when the"
              + " rules say no; a refused one leaves no trace.")
  String approveUpdate(Decision decision);

  @UpdateValidatorMethod(updateName = UPDATE_APPROVE)
  void validateApprove(Decision decision);

  @UpdateMethod(
      name = UPDATE_REJECT,
      description = "Refuse the release before the switch (the CLI: greenlight reject).")
  String rejectUpdate(Decision decision);

  @UpdateValidatorMethod(updateName = UPDATE_REJECT)
  void validateReject(Decision decision);

  @UpdateMethod(
      name = UPDATE_ABORT,
      description = "Stop the release now, rolling back after the switch (greenlight abort).")
  String abortUpdate(Decision decision);

  @UpdateValidatorMethod(updateName = UPDATE_ABORT)
  void validateAbort(Decision decision);

  /** Holds the release during its holds and monitor window until resumed (or aborted). */
  @UpdateMethod(name = UPDATE_PAUSE)
  String pauseUpdate(Decision decision);

  @UpdateValidatorMethod(updateName = UPDATE_PAUSE)
  void validatePause(Decision decision);

  /** Lets a paused release go on where it stopped. */
  @UpdateMethod(name = UPDATE_RESUME)
  String resumeUpdate(Decision decision);

  @UpdateValidatorMethod(updateName = UPDATE_RESUME)
  void validateResume(Decision decision);

  @SignalMethod(name = "approve", description = APPROVE_HELP)
  void approve(RawValue decision);

  @SignalMethod(name = "reject", description = REJECT_HELP)
  void reject(RawValue decision);

  @SignalMethod(name = "abort", description = ABORT_HELP)
  void abort(RawValue decision);

  /**
   * {@code promote --full}: after approval, skips the remaining progressive holds (all traffic to
   * the new color now); needs an approver.
   */
  @UpdateMethod(name = UPDATE_PROMOTE)
  String promoteUpdate(Decision decision);

  @UpdateValidatorMethod(updateName = UPDATE_PROMOTE)
  void validatePromote(Decision decision);
}
