package dev.greenlight.activities;

/**
 * An activity implementation that runs hooks which a stopping worker must not cut off silently.
 * When the worker's drain period ends with a hook still running, the worker calls {@link
 * #stopHooks()}: each running attempt then kills its hook, records that it did (so the retry on
 * another worker runs the hook again rather than waiting for its effect), and fails as retryable.
 */
public interface RunsHooks {
  /** Stops every hook this instance runs now, and any it would start. Returns at once. */
  void stopHooks();
}
