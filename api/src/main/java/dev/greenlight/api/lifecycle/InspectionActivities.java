package dev.greenlight.api.lifecycle;

import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.Color;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reading what a color runs and how it is configured, without changing anything. */
@ActivityInterface
public interface InspectionActivities {

  /**
   * Reads the color's health body once (its {@code versionField} and the {@code drift.fields}) and
   * runs {@code drift.command} for it when the spec has one.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable, type {@code Unreachable}, when
   *     the health endpoint does not answer 200, or the drift command fails
   */
  @ActivityMethod
  ColorFacts inspect(ReleaseContext ctx, Color color);
}
