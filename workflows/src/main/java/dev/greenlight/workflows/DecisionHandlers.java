package dev.greenlight.workflows;

import dev.greenlight.api.model.Decision;
import io.temporal.common.converter.RawValue;

/**
 * The approve, reject and abort handlers (update validators, updates and signals) that a release
 * and an undo share: each hands the decision to its {@link ReleaseDecisions}. The SDK finds the
 * workflow interface's methods on the subclass, inherited ones included.
 */
abstract class DecisionHandlers {
  protected final ReleaseDecisions decisions = new ReleaseDecisions();

  public void validateApprove(Decision d) {
    decisions.validateApprove(d);
  }

  public String approveUpdate(Decision d) {
    return decisions.approveUpdate(d);
  }

  public void approve(RawValue d) {
    decisions.approveSignal(d);
  }

  public void validateReject(Decision d) {
    decisions.validateReject(d);
  }

  public String rejectUpdate(Decision d) {
    return decisions.rejectUpdate(d);
  }

  public void reject(RawValue d) {
    decisions.rejectSignal(d);
  }

  public void validateAbort(Decision d) {
    decisions.validateAbort(d);
  }

  public String abortUpdate(Decision d) {
    return decisions.abortUpdate(d);
  }

  public void abort(RawValue d) {
    decisions.abortSignal(d);
  }
}
