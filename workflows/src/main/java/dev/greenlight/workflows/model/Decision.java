package dev.greenlight.workflows.model;

/**
 * The one JSON object carried by the {@code approve}, {@code reject} and {@code abort} signals and
 * updates: {@code {"approver": "alice", "comment": "..."}} ({@code reason} for reject and abort).
 *
 * @param approver who sends the command
 * @param comment optional comment (approve)
 * @param reason why (reject, abort)
 */
public record Decision(String approver, String comment, String reason) {

  public static Decision approve(String approver, String comment) {
    return new Decision(approver, comment, null);
  }

  public static Decision withReason(String approver, String reason) {
    return new Decision(approver, null, reason);
  }
}
