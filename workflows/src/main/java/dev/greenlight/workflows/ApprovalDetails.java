package dev.greenlight.workflows;

import dev.greenlight.api.model.Approval;
import dev.greenlight.api.spec.ApprovalSpec;
import java.util.List;

/**
 * The approval part of the Temporal UI's current details, while a release awaits approval: who may
 * approve, how many approvals are still needed, the deadline, whether a signature is required, and
 * the exact JSON to send. Workflow code (plain text building).
 */
final class ApprovalDetails {
  private final ApprovalSpec spec;
  private final String initiator;
  private final String releaseId;
  private final String deadline;

  ApprovalDetails(ApprovalSpec spec, String initiator, String releaseId, String deadline) {
    this.spec = spec;
    this.initiator = initiator;
    this.releaseId = releaseId;
    this.deadline = deadline;
  }

  String markdown(List<Approval> sofar) {
    StringBuilder sb = new StringBuilder("\n**Awaiting approval**\n\n");
    String who =
        spec.approvers().isEmpty()
            ? "anyone but " + StatusBoard.clip(initiator, 64)
            : String.join(", ", spec.approvers())
                + " (not "
                + StatusBoard.clip(initiator, 64)
                + ")";
    int left = Math.max(0, spec.required() - sofar.size());
    sb.append("- who may approve: ").append(who).append('\n');
    sb.append("- still needed: ")
        .append(left)
        .append(" of ")
        .append(spec.required())
        .append(" distinct approvals\n");
    sb.append("- deadline: ").append(deadline).append(" (then TIMED_OUT, nothing switched)\n");
    if (spec.signed()) {
      sb.append("- signature: required (SSH, namespace greenlight, a key listed in ")
          .append(fileName(spec.signersFile()))
          .append(")\n\n")
          .append("Send the signal `approve` with the JSON that `greenlight approve ")
          .append(releaseId)
          .append(" --as <name> --sign-key <key> --print-signal` prints:\n\n")
          .append("`{\"approver\": \"<name>\", \"comment\": \"...\", \"signature\":")
          .append(" \"-----BEGIN SSH SIGNATURE-----\\n...\\n-----END SSH SIGNATURE-----\\n\"}`\n");
    } else {
      sb.append("- signature: not required\n\n")
          .append("Send the signal `approve` with ")
          .append("`{\"approver\": \"<name>\", \"comment\": \"...\"}`\n");
    }
    sb.append(
        "\nReject: the signal `reject` with `{\"approver\": \"<name>\", \"reason\": \"...\"}`.\n");
    return sb.toString();
  }

  private static String fileName(String path) {
    if (path == null) return "approval.signers";
    int slash = path.lastIndexOf('/');
    return "approval.signers (" + path.substring(slash + 1) + ")";
  }
}
