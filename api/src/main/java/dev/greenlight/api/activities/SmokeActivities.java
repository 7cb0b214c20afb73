package dev.greenlight.api.activities;

import dev.greenlight.api.model.Color;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Smoke checks against one color, directly at its environment URL. */
@ActivityInterface
public interface SmokeActivities {

  /** Runs every smoke check against the color; failed checks are reported, not thrown. */
  @ActivityMethod
  SmokeReport smoke(ReleaseContext ctx, Color color);
}
