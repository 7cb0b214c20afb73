package dev.greenlight.activities.traffic;

import dev.greenlight.activities.BackgroundHeartbeat;
import dev.greenlight.activities.http.SharedHttpClient;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.TrafficActivities;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.ReleaseSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Traffic through the router the spec names: which color is live, switching, and proving a switch.
 */
public class TrafficActivitiesImpl implements TrafficActivities {
  /** A router that hangs must not hold verification far past router.verifyTimeout. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final UnaryOperator<String> environment;

  /** Reads secrets (the embedded proxy's admin token) from the process environment. */
  public TrafficActivitiesImpl() {
    this(System::getenv);
  }

  /** Reads secrets through {@code environment} (the local stack overlays its own). */
  public TrafficActivitiesImpl(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  @Override
  public Color liveColor(ReleaseContext ctx) {
    try (BackgroundHeartbeat beat =
        BackgroundHeartbeat.start(Activity.getExecutionContext(), "live color")) {
      return TrafficRouters.create(ctx, environment).liveColor();
    } catch (RouterException e) {
      throw failure("cannot tell which color is live: " + e.getMessage(), "RouterFailed", e);
    }
  }

  /**
   * The router itself does nothing when {@code color} already has {@code percent} (see {@link
   * TrafficRouter#route}).
   */
  @Override
  public String switchTo(ReleaseContext ctx, Color color, int percent) {
    try (BackgroundHeartbeat beat =
        BackgroundHeartbeat.start(Activity.getExecutionContext(), color.label())) {
      return TrafficRouters.create(ctx, environment).route(color, percent);
    } catch (RouterException e) {
      throw failure(
          "switching " + percent + "% of traffic to " + color + " failed: " + e.getMessage(),
          "SwitchFailed",
          e);
    }
  }

  @Override
  public String verifyServing(ReleaseContext ctx, Color color) {
    ReleaseSpec spec = ctx.spec();
    ActivityExecutionContext activity = Activity.getExecutionContext();
    ServingCheck check =
        ServingCheck.forSpec(SharedHttpClient.withCallTimeout(REQUEST_TIMEOUT), spec);
    try {
      return check.verify(
          spec.router().url(),
          color,
          spec.environment(color).url(),
          spec.environment(color.other()).url(),
          spec.router().verifyResponses(),
          spec.router().verifyTimeout(),
          () -> activity.heartbeat(color.label()));
    } catch (ServingCheck.NotServing e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "VerificationFailed");
    }
  }

  private static ApplicationFailure failure(String message, String type, RouterException e) {
    return e.retryable()
        ? ApplicationFailure.newFailure(message, type)
        : ApplicationFailure.newNonRetryableFailure(message, type);
  }
}
