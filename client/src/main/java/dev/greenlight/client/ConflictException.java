package dev.greenlight.client;

/** A release of the same app is already running; at most one runs at a time (CLI exit 3). */
public class ConflictException extends Exception {
  private final String runningId;

  public ConflictException(String app, String runningId) {
    super(
        "release "
            + runningId
            + " of "
            + app
            + " is still running; one release per app at a time"
            + " (wait for it, or: greenlight abort "
            + runningId
            + " --reason ...)");
    this.runningId = runningId;
  }

  /** The id of the release that is running. */
  public String runningId() {
    return runningId;
  }
}
