package dev.greenlight.client.audit;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.SmokeReport;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.ReleaseStatus;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A release read back from its workflow history alone: no cluster needed. Everything an auditor
 * asks for is decoded here; {@link AuditReport} only formats it.
 */
public final class ReleaseHistory {
  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

  /** A command that reached the workflow: an accepted update (CLI) or a signal (e.g. the UI). */
  public record Command(String at, String name, String via, String identity, Decision decision) {}

  /** One activity the release ran, with its outcome. */
  public record ActivityRun(String at, String type, String outcome, String detail) {}

  public String workflowId;
  public String startedAt;
  public String endedAt;
  public String startIdentity;
  public ReleaseRequest request;
  public ReleaseStatus result;
  public final List<Command> commands = new ArrayList<>();
  public final List<ActivityRun> activities = new ArrayList<>();
  public final List<MonitorSample> samples = new ArrayList<>();
  public MigrationReport migration;
  public int events;

  /** Decodes a history (as exported by {@code greenlight audit export}, the Temporal UI or CLI). */
  public static ReleaseHistory of(WorkflowExecutionHistory history) {
    ReleaseHistory r = new ReleaseHistory();
    r.workflowId = history.getWorkflowExecution().getWorkflowId();
    Map<Long, String> scheduled = new HashMap<>();
    List<HistoryEvent> events = history.getEvents();
    r.events = events.size();
    for (HistoryEvent e : events) {
      String at =
          Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos())
              .toString();
      switch (e.getEventType()) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
          var a = e.getWorkflowExecutionStartedEventAttributes();
          r.startedAt = at;
          r.startIdentity = a.getIdentity();
          r.request = first(a.getInput(), ReleaseRequest.class);
          // exported JSON does not carry the workflow id; the release id is the workflow id
          if (r.request != null) r.workflowId = r.request.releaseId();
        }
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ->
            scheduled.put(
                e.getEventId(),
                e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          var a = e.getActivityTaskCompletedEventAttributes();
          String type = scheduled.getOrDefault(a.getScheduledEventId(), "?");
          r.activities.add(
              new ActivityRun(at, type, "completed", describe(type, a.getResult(), r)));
        }
        case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
          var a = e.getActivityTaskFailedEventAttributes();
          String type = scheduled.getOrDefault(a.getScheduledEventId(), "?");
          String msg =
              a.getFailure().hasCause()
                  ? a.getFailure().getCause().getMessage()
                  : a.getFailure().getMessage();
          r.activities.add(
              new ActivityRun(
                  at,
                  type,
                  "failed",
                  a.getFailure().getMessage().isEmpty() ? msg : a.getFailure().getMessage()));
        }
        case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
          var a = e.getActivityTaskTimedOutEventAttributes();
          r.activities.add(
              new ActivityRun(
                  at,
                  scheduled.getOrDefault(a.getScheduledEventId(), "?"),
                  "timed out",
                  a.getFailure().getMessage()));
        }
        case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> {
          var a = e.getActivityTaskCanceledEventAttributes();
          r.activities.add(
              new ActivityRun(
                  at, scheduled.getOrDefault(a.getScheduledEventId(), "?"), "canceled", ""));
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
          var a = e.getWorkflowExecutionSignaledEventAttributes();
          r.commands.add(
              new Command(
                  at,
                  a.getSignalName(),
                  "signal",
                  a.getIdentity(),
                  first(a.getInput(), Decision.class)));
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
          var req = e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest();
          String name = req.getInput().getName().replace("Release", "");
          r.commands.add(
              new Command(
                  at,
                  name,
                  "update (CLI)",
                  req.getMeta().getIdentity(),
                  first(req.getInput().getArgs(), Decision.class)));
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
          r.endedAt = at;
          r.result =
              first(
                  e.getWorkflowExecutionCompletedEventAttributes().getResult(),
                  ReleaseStatus.class);
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
            EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
            EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
            EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED ->
            r.endedAt = at;
        default -> {}
      }
    }
    return r;
  }

  private static String describe(String type, Payloads result, ReleaseHistory r) {
    switch (type) {
      case "Migrate" -> {
        r.migration = first(result, MigrationReport.class);
        return r.migration == null ? "" : r.migration.detail();
      }
      case "Smoke" -> {
        SmokeReport s = first(result, SmokeReport.class);
        return s == null ? "" : s.summary();
      }
      case "Watch" -> {
        MonitorReport m = first(result, MonitorReport.class);
        if (m == null) return "";
        r.samples.addAll(m.samples());
        return m.samples().size() + " samples" + (m.breached() ? ", BREACH: " + m.reason() : "");
      }
      default -> {
        Object o = first(result, Object.class);
        return o == null ? "" : String.valueOf(o);
      }
    }
  }

  private static <T> T first(Payloads payloads, Class<T> type) {
    if (payloads == null || payloads.getPayloadsCount() == 0) return null;
    Payload p = payloads.getPayloads(0);
    try {
      return CONVERTER.fromPayload(p, type, type);
    } catch (RuntimeException e) {
      return null; // a payload this version cannot read is shown as missing, not fatal
    }
  }
}
