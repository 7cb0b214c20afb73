package dev.greenlight.activities.traffic;

/** A router refused or could not be reached; the message tells the operator what to fix. */
public class RouterException extends Exception {
  private final boolean retryable;

  public RouterException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public RouterException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /**
   * True for transient problems (connection refused while it restarts); false for a wrong config.
   */
  public boolean retryable() {
    return retryable;
  }
}
