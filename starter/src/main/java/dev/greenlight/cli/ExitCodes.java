package dev.greenlight.cli;

/** The contract's exit codes. Scripts depend on them: never renumber. */
public final class ExitCodes {
  /** Done; for {@code watch} and {@code start --follow}: the release SUCCEEDED. */
  public static final int OK = 0;

  /** The release ended in another final state ({@code watch}, {@code start --follow}). */
  public static final int NOT_SUCCEEDED = 1;

  /** Something nobody planned for; one line on stderr (the stack with GREENLIGHT_DEBUG=1). */
  public static final int UNEXPECTED = 1;

  /** Bad usage or an invalid spec; nothing was started. */
  public static final int USAGE = 2;

  /** A release of this app is already running. */
  public static final int CONFLICT = 3;

  /** Understood and not allowed; nothing changed. */
  public static final int REFUSED = 4;

  /** Temporal did not answer. */
  public static final int UNREACHABLE = 5;

  /**
   * {@code watch} and {@code start --follow} with {@code --timeout}: the time ran out and the
   * release is still running (it goes on).
   */
  public static final int STILL_RUNNING = 6;

  private ExitCodes() {}
}
