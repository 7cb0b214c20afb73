package dev.greenlight.api.activities;

import dev.greenlight.api.model.Color;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The load balancer, whatever its type. */
@ActivityInterface
public interface TrafficActivities {

  /** Asks the router which color serves traffic now. */
  @ActivityMethod
  Color liveColor(ReleaseContext ctx);

  /**
   * Sends {@code percent} of traffic to {@code color} (the rest to the other color). Switching to
   * what is already in place is a no-op.
   *
   * @return a short detail for status
   * @throws io.temporal.failure.ApplicationFailure non-retryable, type {@code SwitchFailed}, when
   *     the router refuses
   */
  @ActivityMethod
  String switchTo(ReleaseContext ctx, Color color, int percent);

  /**
   * Proves that responses through {@code router.url} come from {@code color}: {@code
   * router.verifyResponses} consecutive ones within {@code router.verifyTimeout}.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable, type {@code VerificationFailed},
   *     with what was seen
   */
  @ActivityMethod
  String verifyServing(ReleaseContext ctx, Color color);
}
