package dev.greenlight.client;

/**
 * The command was understood and not allowed (not an approver, own release, not awaiting approval,
 * already ended, no such release). Nothing changed. The message is the reason only (CLI exit 4).
 */
public class RefusedException extends Exception {
  public RefusedException(String reason) {
    super(reason);
  }
}
