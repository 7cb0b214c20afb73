package dev.greenlight.client.timeline;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.client.TemporalConnection;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How long a release's monitored phases last, from its spec: what a progress bar needs to say how
 * much is left. Unknown lengths are null (the bar then shows the samples only).
 *
 * @param monitor the monitor window after the last switch step
 * @param hold the monitored hold after each earlier switch step
 * @param interval time between samples
 */
public record MonitorWindows(Duration monitor, Duration hold, Duration interval) {
  /** Nothing known. */
  public static final MonitorWindows UNKNOWN = new MonitorWindows(null, null, null);

  /** The lengths a spec sets. */
  public static MonitorWindows of(ReleaseSpec spec) {
    if (spec == null) return UNKNOWN;
    return new MonitorWindows(
        spec.monitor() == null ? null : spec.monitor().window(),
        spec.router() == null ? null : spec.router().stepHold(),
        spec.monitor() == null ? null : spec.monitor().interval());
  }

  /**
   * The lengths of a running or ended release, read from the spec its workflow was started with
   * (the first event of its history, decoded with the connection's data converter, keys included).
   * {@link #UNKNOWN} when that cannot be read: a progress bar is not worth failing a watch for.
   */
  public static MonitorWindows of(TemporalConnection temporal, String releaseId) {
    try {
      var response =
          temporal
              .client()
              .getWorkflowServiceStubs()
              .blockingStub()
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace(temporal.namespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(releaseId))
                      .setMaximumPageSize(1)
                      .build());
      if (response.getHistory().getEventsCount() == 0) return UNKNOWN;
      HistoryEvent first = response.getHistory().getEvents(0);
      if (!first.hasWorkflowExecutionStartedEventAttributes()) return UNKNOWN;
      ReleaseRequest request =
          temporal
              .client()
              .getOptions()
              .getDataConverter()
              .fromPayloads(
                  0,
                  Optional.of(first.getWorkflowExecutionStartedEventAttributes().getInput()),
                  ReleaseRequest.class,
                  ReleaseRequest.class);
      return request == null ? UNKNOWN : of(request.spec());
    } catch (RuntimeException e) {
      return UNKNOWN;
    }
  }

  /** The length of a monitored step ("monitor" or "hold"), or null. */
  public Duration lengthOf(String step) {
    return switch (step) {
      case "monitor" -> monitor;
      case "hold" -> hold;
      default -> null;
    };
  }
}
