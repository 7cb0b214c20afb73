package dev.greenlight.workflows;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.lifecycle.ColorFacts;
import dev.greenlight.api.lifecycle.InspectionActivities;
import dev.greenlight.api.model.Color;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The activities the lifecycle adds to a release's (drift check, undo's version check): reading a
 * color, never changing it. Workflow code.
 */
final class LifecycleActivities {
  private final ActivityInputs inputs;
  private final InspectionActivities inspection;

  LifecycleActivities(ReleaseRequest request) {
    inputs = new ActivityInputs(request.releaseId(), request.version(), request.spec());
    inspection =
        Workflow.newActivityStub(
            InspectionActivities.class,
            ActivityOptions.newBuilder()
                // the drift command may take a while; the health read is one request
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(ReleaseActivityOptions.HEARTBEAT)
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setMaximumAttempts(3)
                        .setInitialInterval(Duration.ofSeconds(1))
                        .build())
                .build());
  }

  ColorFacts inspect(Color color) {
    return inspection.inspect(inputs.inspect(), color);
  }
}
