package dev.greenlight.workflows;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.approval.ApprovalMessage;
import dev.greenlight.api.approval.SignatureCheck;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.spec.ApprovalSpec;

/**
 * Signed approvals (the spec's {@code approval.signers}): an approval counts only with an SSH
 * signature, by a key listed for the approver, over this release's {@link ApprovalMessage}.
 * Workflow code: verification is pure computation on what the history holds (the keys are in the
 * spec, the signature in the update or signal), so it gives the same answer on every replay.
 */
final class SignatureGate {
  private final ReleaseRequest request;
  private final ApprovalSpec spec;

  SignatureGate(ReleaseRequest request) {
    this.request = request;
    this.spec = request.spec().approval();
  }

  /** True when approvals must be signed. */
  boolean required() {
    return spec.signed();
  }

  /** The message {@code approver} signs for this release. */
  String message(String approver) {
    return ApprovalMessage.of(
        request.releaseId(), request.spec().app(), request.version(), approver);
  }

  /** The verification of {@code d}'s signature, or null when approvals need none. */
  SignatureCheck check(Decision d) {
    if (!required()) return null;
    return SignatureCheck.of(
        d.approver(), d.signature(), d.message(), message(d.approver()), spec.signers());
  }

  /** Why {@code d} does not count, or null. */
  String refusal(Decision d) {
    SignatureCheck c = check(d);
    return c == null ? null : c.refusal();
  }
}
