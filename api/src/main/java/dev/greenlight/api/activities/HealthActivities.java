package dev.greenlight.api.activities;

import dev.greenlight.api.model.Color;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Waiting for a fresh deploy to come up. */
@ActivityInterface
public interface HealthActivities {

  /**
   * Polls {@code health.path} on the color until it answers 200 and, when {@code versionField} is
   * set, reports the release version; bounded by {@code health.timeout}.
   *
   * @return a short detail (attempts, reported version)
   * @throws io.temporal.failure.ApplicationFailure non-retryable, type {@code HealthTimeout}, with
   *     the last answer seen
   */
  @ActivityMethod
  String awaitHealthy(ReleaseContext ctx, Color color);
}
