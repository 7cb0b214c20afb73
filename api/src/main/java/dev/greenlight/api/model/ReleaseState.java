package dev.greenlight.api.model;

/** Where a release ended, or RUNNING. Names are part of the user contract. */
public enum ReleaseState {
  RUNNING,
  SUCCEEDED,
  ROLLED_BACK,
  FAILED,
  REJECTED,
  TIMED_OUT,
  ABORTED;

  public boolean finished() {
    return this != RUNNING;
  }
}
