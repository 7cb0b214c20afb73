package dev.greenlight.api.lifecycle;

import dev.greenlight.api.ReleaseWorkflow;
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
 * One undo: all traffic back to the other color, proven through the public URL, after checking that
 * the other color still runs the previous version and (unless {@code undo.approval: none}) after
 * the same approval as a release. The workflow id is the undo id.
 *
 * <p>It answers the same query, updates and signals as a {@link ReleaseWorkflow}, so {@code
 * status}, {@code watch}, {@code approve}, {@code reject} and {@code abort} work on an undo id.
 */
@WorkflowInterface
public interface UndoWorkflow {
  /** Workflow type name, stable across refactors. */
  String TYPE = "UndoWorkflow";

  /** The name of the step that checks the other color: when it fails, the undo was refused. */
  String CHECK_STEP = "check";

  @WorkflowMethod(name = TYPE)
  ReleaseStatus undo(UndoRequest request);

  @QueryMethod(name = "status")
  ReleaseStatus status();

  @UpdateMethod(name = ReleaseWorkflow.UPDATE_APPROVE)
  String approveUpdate(Decision decision);

  @UpdateValidatorMethod(updateName = ReleaseWorkflow.UPDATE_APPROVE)
  void validateApprove(Decision decision);

  @UpdateMethod(name = ReleaseWorkflow.UPDATE_REJECT)
  String rejectUpdate(Decision decision);

  @UpdateValidatorMethod(updateName = ReleaseWorkflow.UPDATE_REJECT)
  void validateReject(Decision decision);

  @UpdateMethod(name = ReleaseWorkflow.UPDATE_ABORT)
  String abortUpdate(Decision decision);

  @UpdateValidatorMethod(updateName = ReleaseWorkflow.UPDATE_ABORT)
  void validateAbort(Decision decision);

  // raw payloads, read by the workflow itself: a malformed one from the UI is listed as refused,
  // never dropped by the SDK (as for a release)
  @SignalMethod(name = "approve", description = ReleaseWorkflow.APPROVE_HELP)
  void approve(RawValue decision);

  @SignalMethod(name = "reject", description = ReleaseWorkflow.REJECT_HELP)
  void reject(RawValue decision);

  @SignalMethod(name = "abort", description = ReleaseWorkflow.ABORT_HELP)
  void abort(RawValue decision);
}
