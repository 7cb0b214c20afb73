package dev.greenlight.api.spec.lifecycle;

/**
 * How {@code greenlight undo} is approved.
 *
 * @param approval {@code release} (default: the same approvers, count and timeout as a release) or
 *     {@code none} (an undo switches back at once: rolling back is often urgent)
 */
public record UndoSpec(String approval) {
  public static final String RELEASE = "release";
  public static final String NONE = "none";

  /** True unless the spec says {@code undo: {approval: none}}; a spec without undo: true. */
  public static boolean needsApproval(UndoSpec undo) {
    return undo == null || !NONE.equals(undo.approval());
  }
}
