package dev.greenlight.workflows;

import dev.greenlight.api.model.Stage;

/**
 * A {@code reject} or {@code abort} that stopped the release.
 *
 * @param command "reject" or "abort"
 * @param by who sent it
 * @param reason why
 * @param stage the stage the release was in when it arrived
 */
record Stop(String command, String by, String reason, Stage stage) {

  boolean isReject() {
    return command.equals("reject");
  }

  /** E.g. "rejected by alice: not during the sale". */
  String text() {
    return command + "ed by " + by + ": " + reason;
  }
}
