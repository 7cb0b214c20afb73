package dev.greenlight.client.audit;

import dev.greenlight.api.approval.AllowedSigner;
import dev.greenlight.api.approval.ApprovalMessage;
import dev.greenlight.api.approval.SignatureCheck;
import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.spec.ApprovalSpec;
import java.util.List;

/**
 * The report's account of signed approvals, checked again from the history alone: the keys come
 * from the spec in the start event, the signatures from the approve updates and signals, and each
 * is verified here, with no trust in the server, the namespace's permissions or the worker.
 */
final class SignedApprovalAudit {
  private SignedApprovalAudit() {}

  /** The section, or "" when the release did not require signatures. */
  static String markdown(ReleaseHistory h) {
    if (h.request == null || h.request.spec().approval() == null) return "";
    ApprovalSpec spec = h.request.spec().approval();
    if (!spec.signed()) return "";
    StringBuilder md = new StringBuilder("\n## Signed approvals\n\n");
    md.append("Approvals needed an SSH signature (namespace greenlight) by a key in ")
        .append(spec.signersFile())
        .append(", read when the release started:\n\n");
    md.append("| signer | key type | fingerprint |\n|---|---|---|\n");
    for (AllowedSigner k : spec.signers()) {
      md.append("| ")
          .append(String.join(",", k.principals()))
          .append(" | ")
          .append(k.keyType())
          .append(" | ")
          .append(k.sshKey().fingerprint())
          .append(" |\n");
    }
    List<Approval> accepted = h.result != null ? h.result.approvals() : List.of();
    md.append("\n| approver | key type | fingerprint | verification |\n|---|---|---|---|\n");
    for (Approval a : accepted) {
      SignatureCheck check = verify(h, spec, a.approver());
      md.append("| ")
          .append(a.approver())
          .append(" | ")
          .append(check == null ? "?" : check.keyType())
          .append(" | ")
          .append(check == null ? "?" : check.fingerprint())
          .append(" | ")
          .append(
              check == null
                  ? "NOT VERIFIED: no signed approval by " + a.approver() + " in the history"
                  : check.verified() ? "signature verified" : "NOT VERIFIED: " + check.refusal())
          .append(" |\n");
    }
    md.append(
        "\nEach signature above was verified by this report over the approval message that"
            + " names this release, its app, version and approver.\n");
    return md.toString();
  }

  /** The first signed approve by {@code approver} in the history that verifies, else the last. */
  private static SignatureCheck verify(ReleaseHistory h, ApprovalSpec spec, String approver) {
    SignatureCheck last = null;
    for (ReleaseHistory.Command c : h.commands) {
      Decision d = c.decision();
      if (!c.name().equals("approve") || d == null || !approver.equals(d.approver())) continue;
      if (d.signature() == null) continue;
      String expected =
          ApprovalMessage.of(
              h.workflowId, h.request.spec().app(), h.request.version(), d.approver());
      last = SignatureCheck.of(approver, d.signature(), d.message(), expected, spec.signers());
      if (last.verified()) return last;
    }
    return last;
  }
}
