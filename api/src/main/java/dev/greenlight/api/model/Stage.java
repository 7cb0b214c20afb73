package dev.greenlight.api.model;

/** The phase a release is in. Names are part of the user contract. */
public enum Stage {
  DEPLOYING,
  HEALTH_CHECK,
  MIGRATING,
  SMOKE_TESTING,
  AWAITING_APPROVAL,
  SWITCHING,
  MONITORING,
  ROLLING_BACK,
  DONE;

  /** True once traffic may have moved to the new color. */
  public boolean trafficTouched() {
    return this == SWITCHING || this == MONITORING || this == ROLLING_BACK;
  }
}
