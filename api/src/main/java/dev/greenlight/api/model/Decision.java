package dev.greenlight.api.model;

import java.util.regex.Pattern;

/**
 * The one JSON object carried by the {@code approve}, {@code reject} and {@code abort} signals and
 * updates: {@code {"approver": "alice", "comment": "..."}} ({@code reason} for reject and abort).
 *
 * <p>Every field is bounded ({@link #problem()}): a name is at most {@value #NAME_MAX} letters,
 * digits, spaces and {@code . _ @ + ' -}; a comment or reason at most {@value #TEXT_MAX}
 * characters. The workflow refuses anything else, so no sender can grow a release's status past
 * what Temporal carries.
 *
 * @param approver who sends the command
 * @param comment optional comment (approve)
 * @param reason why (reject, abort)
 * @param signature approve only: the armored SSH signature ({@code ssh-keygen -Y sign -n
 *     greenlight}) of the release's approval message, required when the spec has {@code
 *     approval.signers}
 * @param message approve only, optional: the message the sender signed, so that a signature over
 *     another release is named as such
 */
public record Decision(
    String approver, String comment, String reason, String signature, String message) {

  /** The longest signature accepted (an armored RSA-8192 signature is about 3 KB). */
  public static final int SIGNATURE_MAX = 8192;

  /** An unsigned decision. */
  public Decision(String approver, String comment, String reason) {
    this(approver, comment, reason, null, null);
  }

  /** A signed approval. */
  public static Decision signedApproval(
      String approver, String comment, String signature, String message) {
    return new Decision(approver, comment, null, signature, message);
  }

  /** The longest name accepted (approver, sender, initiator). */
  public static final int NAME_MAX = 64;

  /** The longest comment or reason accepted. */
  public static final int TEXT_MAX = 1000;

  /** A name: starts and ends with a letter, digit or sign; no control or formatting characters. */
  private static final Pattern NAME =
      Pattern.compile("[\\p{L}\\p{N}]([\\p{L}\\p{M}\\p{N} ._@+'-]*[\\p{L}\\p{M}\\p{N}._@+'-])?");

  public static Decision approve(String approver, String comment) {
    return new Decision(approver, comment, null);
  }

  public static Decision withReason(String approver, String reason) {
    return new Decision(approver, null, reason);
  }

  /**
   * Why a field of this decision is refused, naming the field ({@code "approver: longer than 64
   * characters"}), or null. Absent fields are not a problem here (the rules of each command say
   * which are required). Never repeats the value, which may be huge.
   */
  public String problem() {
    String why = nameProblem(approver);
    if (why != null) return "approver: " + why;
    why = textProblem(comment);
    if (why != null) return "comment: " + why;
    why = textProblem(reason);
    if (why != null) return "reason: " + why;
    if (signature != null && signature.length() > SIGNATURE_MAX) {
      return "signature: longer than " + SIGNATURE_MAX + " characters";
    }
    why = textProblem(message);
    if (why != null) return "message: " + why;
    return null;
  }

  /**
   * Why {@code name} is not an acceptable name (without the field), or null; null and blank pass.
   */
  public static String nameProblem(String name) {
    if (name == null || name.isBlank()) return null;
    if (name.length() > NAME_MAX) return "longer than " + NAME_MAX + " characters";
    if (!NAME.matcher(name).matches()) {
      return "must be letters, digits, spaces and . _ @ + ' - (starting with a letter or digit)";
    }
    return null;
  }

  /** Why {@code text} is not an acceptable comment or reason (without the field), or null. */
  public static String textProblem(String text) {
    if (text == null) return null;
    if (text.length() > TEXT_MAX) return "longer than " + TEXT_MAX + " characters";
    return null;
  }
}
