package dev.greenlight.api.activities;

import dev.greenlight.api.model.Color;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Deploying a version to one color. */
@ActivityInterface
public interface DeployActivities {

  /**
   * Runs the color's deploy hook with the release's placeholders and GREENLIGHT_* env vars,
   * heartbeating while it runs.
   *
   * @return a short detail for status (exit code, the tail of the output)
   * @throws io.temporal.failure.ApplicationFailure non-retryable, type {@code DeployFailed}, when
   *     the hook exits non-zero or times out; the message holds the tail of its output
   */
  @ActivityMethod
  String deploy(ReleaseContext ctx, Color color);
}
