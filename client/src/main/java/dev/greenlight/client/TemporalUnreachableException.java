package dev.greenlight.client;

/**
 * Temporal did not answer at the configured address (or the namespace does not exist there). The
 * message says where we looked and what to do; the CLI exits 5 on it.
 */
public class TemporalUnreachableException extends RuntimeException {
  private final String address;

  public TemporalUnreachableException(String address, String message, Throwable cause) {
    super(message, cause);
    this.address = address;
  }

  /** The HOST:PORT that did not answer. */
  public String address() {
    return address;
  }
}
