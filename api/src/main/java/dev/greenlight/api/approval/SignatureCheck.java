package dev.greenlight.api.approval;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a signed approval counts: a signature by a key listed for the approver, over this
 * release's {@link ApprovalMessage}, in the {@code greenlight} namespace. Pure computation: the
 * workflow runs it in the update validator and the signal handler alike, and on replay.
 *
 * @param refusal why it does not count, or null when it does
 * @param keyType the signing key's type (when the signature could be read)
 * @param fingerprint the signing key's fingerprint (SHA256:...)
 */
public record SignatureCheck(String refusal, String keyType, String fingerprint) {

  /** True when the approval counts. */
  public boolean verified() {
    return refusal == null;
  }

  /**
   * Checks {@code signature} (armored) by {@code approver} over {@code expected}.
   *
   * @param claimed the message the sender says was signed (optional): when the signature is valid
   *     over it but it is not {@code expected}, the refusal says which release it approves
   */
  public static SignatureCheck of(
      String approver,
      String signature,
      String claimed,
      String expected,
      List<AllowedSigner> signers) {
    if (signature == null || signature.isBlank()) {
      return refused(
          "missing signature: approval.signers is set, so an approval counts only when signed"
              + " (greenlight approve RELEASE --as "
              + approver
              + " --sign-key KEY)");
    }
    SshSignature sig;
    try {
      sig = SshSignature.parse(signature);
    } catch (IllegalArgumentException e) {
      return refused("bad signature: " + e.getMessage());
    }
    SshKey key = sig.key();
    String type = key.type();
    String print = key.fingerprint();
    List<AllowedSigner> theirs = new ArrayList<>();
    for (AllowedSigner s : signers) if (s.signsFor(approver)) theirs.add(s);
    if (theirs.isEmpty()) {
      return new SignatureCheck(
          "unknown key for this approver: approval.signers lists no key for " + approver,
          type,
          print);
    }
    boolean listed = false;
    for (AllowedSigner s : theirs) if (s.sshKey().sameAs(key)) listed = true;
    if (!listed) {
      return new SignatureCheck(
          "unknown key for this approver: "
              + type
              + " "
              + print
              + " is not listed for "
              + approver
              + " in approval.signers",
          type,
          print);
    }
    if (!sig.namespace().equals(AllowedSigners.NAMESPACE)) {
      return new SignatureCheck(
          "bad signature: made for the namespace "
              + SshBuffer.printable(sig.namespace())
              + ", not 'greenlight' (ssh-keygen -Y sign -n greenlight)",
          type,
          print);
    }
    if (sig.verifies(ApprovalMessage.bytes(expected), AllowedSigners.NAMESPACE)) {
      return new SignatureCheck(null, type, print);
    }
    if (claimed != null
        && !claimed.equals(expected)
        && sig.verifies(ApprovalMessage.bytes(claimed), AllowedSigners.NAMESPACE)) {
      String release = ApprovalMessage.field(claimed, "release");
      String by = ApprovalMessage.field(claimed, "approver");
      String what =
          release != null && !release.equals(ApprovalMessage.field(expected, "release"))
              ? "it approves " + SshBuffer.printable(release)
              : by != null && !by.equals(approver)
                  ? "it was made for the approver " + SshBuffer.printable(by)
                  : "its message is not this release's approval message";
      return new SignatureCheck(
          "signature over another release: " + what + ", not this one", type, print);
    }
    return new SignatureCheck(
        "bad signature: it does not verify over this release's approval message (made for"
            + " another release or message, or altered; see --print-message)",
        type,
        print);
  }

  private static SignatureCheck refused(String why) {
    return new SignatureCheck(why, null, null);
  }
}
