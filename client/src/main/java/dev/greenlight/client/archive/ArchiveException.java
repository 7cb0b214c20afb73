package dev.greenlight.client.archive;

/**
 * The archive database could not be used. The message says where and what to do, and never holds
 * the password.
 */
public final class ArchiveException extends RuntimeException {
  private final boolean permanent;

  ArchiveException(String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
  }

  /** True for what waiting will not fix (wrong password, missing database, no permission). */
  public boolean permanent() {
    return permanent;
  }
}
