package dev.greenlight.api.model;

/**
 * An accepted approval.
 *
 * @param approver who approved
 * @param at ISO-8601 instant
 * @param comment free text, may be null
 * @param via "cli" (a Temporal update) or "signal" (e.g. the Temporal UI)
 * @param keyType the type of the SSH key whose signature was verified, or null (unsigned)
 * @param fingerprint that key's fingerprint (SHA256:..., as ssh-keygen -l prints it), or null
 */
public record Approval(
    String approver, String at, String comment, String via, String keyType, String fingerprint) {

  /** An approval without a signature. */
  public Approval(String approver, String at, String comment, String via) {
    this(approver, at, comment, via, null, null);
  }
}
