package dev.greenlight.client.audit;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.SmokeReport;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.codec.CodecKeyException;
import dev.greenlight.client.codec.PayloadEncryption;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
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

  /** Reads the payloads: plaintext, or encrypted with the keys it was given. */
  private final DataConverter converter;

  private ReleaseHistory(DataConverter converter) {
    this.converter = converter;
  }

  /** Decodes a history (as exported by {@code greenlight audit export}, the Temporal UI or CLI). */
  public static ReleaseHistory of(WorkflowExecutionHistory history) {
    return of(history, PayloadEncryption.reader(null));
  }

  /**
   * Decodes a history whose payloads {@code converter} reads ({@link PayloadEncryption#reader}).
   *
   * @throws CodecKeyException when a payload is encrypted with a key the converter lacks
   */
  public static ReleaseHistory of(WorkflowExecutionHistory history, DataConverter converter) {
    ReleaseHistory r = new ReleaseHistory(converter);
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
          r.request = r.first(a.getInput(), ReleaseRequest.class);
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
          String own = r.message(a.getFailure());
          String msg = a.getFailure().hasCause() ? r.message(a.getFailure().getCause()) : own;
          r.activities.add(new ActivityRun(at, type, "failed", own.isEmpty() ? msg : own));
        }
        case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
          var a = e.getActivityTaskTimedOutEventAttributes();
          r.activities.add(
              new ActivityRun(
                  at,
                  scheduled.getOrDefault(a.getScheduledEventId(), "?"),
                  "timed out",
                  r.message(a.getFailure())));
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
                  r.first(a.getInput(), Decision.class)));
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
                  r.first(req.getInput().getArgs(), Decision.class)));
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
          r.endedAt = at;
          r.result =
              r.first(
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
        r.migration = r.first(result, MigrationReport.class);
        return r.migration == null ? "" : r.migration.detail();
      }
      case "Smoke" -> {
        SmokeReport s = r.first(result, SmokeReport.class);
        return s == null ? "" : s.summary();
      }
      case "Watch" -> {
        MonitorReport m = r.first(result, MonitorReport.class);
        if (m == null) return "";
        r.samples.addAll(m.samples());
        return m.samples().size() + " samples" + (m.breached() ? ", BREACH: " + m.reason() : "");
      }
      default -> {
        Object o = r.first(result, Object.class);
        return o == null ? "" : String.valueOf(o);
      }
    }
  }

  /** A failure's message; encrypted failures keep it in their encoded attributes. */
  private String message(Failure failure) {
    if (!failure.hasEncodedAttributes()) return failure.getMessage();
    Map<?, ?> attributes = first(failure.getEncodedAttributes(), Map.class);
    Object message = attributes == null ? null : attributes.get("message");
    return message == null ? failure.getMessage() : message.toString();
  }

  private <T> T first(Payload payload, Class<T> type) {
    return first(Payloads.newBuilder().addPayloads(payload).build(), type);
  }

  private <T> T first(Payloads payloads, Class<T> type) {
    if (payloads == null || payloads.getPayloadsCount() == 0) return null;
    Payload p = payloads.getPayloads(0);
    try {
      return converter.fromPayload(p, type, type);
    } catch (CodecKeyException e) {
      throw e; // the wrong key: say so, rather than show an empty release
    } catch (RuntimeException e) {
      return null; // a payload this version cannot read is shown as missing, not fatal
    }
  }
}
