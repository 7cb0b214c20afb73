package dev.greenlight.activities;

import io.temporal.failure.ApplicationFailure;

/** Finds the ApplicationFailure an activity threw inside what a stub call throws. */
public final class Failures {
  private Failures() {}

  public static ApplicationFailure applicationFailure(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure a) return a;
    }
    throw new AssertionError("no ApplicationFailure in " + thrown, thrown);
  }
}
