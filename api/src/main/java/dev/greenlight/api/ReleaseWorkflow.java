package dev.greenlight.api;

import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.ReleaseStatus;
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
 * status).
 */
@WorkflowInterface
public interface ReleaseWorkflow {
  /** Workflow type name, stable across refactors. */
  String TYPE = "ReleaseWorkflow";

  String UPDATE_APPROVE = "approveRelease";
  String UPDATE_REJECT = "rejectRelease";
  String UPDATE_ABORT = "abortRelease";
  String UPDATE_PAUSE = "pauseRelease";
  String UPDATE_RESUME = "resumeRelease";

  @WorkflowMethod(name = TYPE)
  ReleaseStatus release(ReleaseRequest request);

  /** The contract's {@code status --json} shape. */
  @QueryMethod(name = "status")
  ReleaseStatus status();

  @UpdateMethod(name = UPDATE_APPROVE)
  String approveUpdate(Decision decision);

  @UpdateValidatorMethod(updateName = UPDATE_APPROVE)
  void validateApprove(Decision decision);

  @UpdateMethod(name = UPDATE_REJECT)
  String rejectUpdate(Decision decision);

  @UpdateValidatorMethod(updateName = UPDATE_REJECT)
  void validateReject(Decision decision);

  @UpdateMethod(name = UPDATE_ABORT)
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

  @SignalMethod(name = "approve")
  void approve(Decision decision);

  @SignalMethod(name = "reject")
  void reject(Decision decision);

  @SignalMethod(name = "abort")
  void abort(Decision decision);
}
