package dev.greenlight.workflows;

import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.spec.ApprovalSpec;
import java.util.List;

/**
 * Who may approve or reject a release. Pure rules: each method returns null when allowed, else the
 * reason it is refused.
 */
final class ApprovalPolicy {
  private final ApprovalSpec spec;
  private final String initiator;

  ApprovalPolicy(ApprovalSpec spec, String initiator) {
    this.spec = spec;
    this.initiator = initiator;
  }

  /** Why {@code who} may not decide on this release, or null. */
  String eligibility(String who) {
    if (who == null || who.isBlank()) {
      return "the approver's name is required";
    }
    String bad = Decision.nameProblem(who);
    if (bad != null) return "approver: " + bad; // never repeat a name that broke the rules
    if (who.equals(initiator)) {
      return who + " started this release and cannot approve or reject it";
    }
    if (!spec.approvers().isEmpty() && !spec.approvers().contains(who)) {
      return who
          + " is not an approver of this app (approvers: "
          + String.join(", ", spec.approvers())
          + ")";
    }
    return null;
  }

  /** Why this approval is refused, or null. */
  String checkApprove(Decision d, List<Approval> sofar) {
    String why = eligibility(d == null ? null : d.approver());
    if (why != null) return why;
    for (Approval a : sofar) {
      if (a.approver().equals(d.approver())) {
        return d.approver()
            + " has already approved; "
            + spec.required()
            + " distinct approvers are required";
      }
    }
    return null;
  }

  boolean satisfied(List<Approval> sofar) {
    return sofar.size() >= spec.required();
  }

  /** How far approval got, e.g. "1 of 2 approvals". */
  String progress(List<Approval> sofar) {
    return sofar.size() + " of " + spec.required() + " approvals";
  }
}
