package dev.greenlight.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one release's history says about the monitor: its samples (from every completed activity's
 * result: any JSON object with {@code at} and {@code verdict}, so it does not depend on how the
 * monitor splits its work into activities), and for a rollback, when the breaching sample was
 * taken, when the workflow learned of it, and when the first traffic activity after it was
 * scheduled and started.
 *
 * @param events history events
 * @param taskTimeouts workflow tasks that timed out or failed (a worker too busy to answer in time)
 * @param samples monitor samples, by time
 * @param breach the first sample with verdict ROLLBACK, or null
 * @param breachReported when the activity carrying the breach completed (the workflow's news)
 * @param trafficType the first traffic activity scheduled after the breach was reported, or null
 * @param trafficScheduled when it was scheduled
 * @param trafficStarted when a worker started it (ActivityTaskStarted), or null
 */
record ReleaseFigures(
    int events,
    int taskTimeouts,
    List<Sample> samples,
    Sample breach,
    Instant breachReported,
    String trafficType,
    Instant trafficScheduled,
    Instant trafficStarted) {

  /** One monitor sample: when it was taken and its verdict. */
  record Sample(Instant at, String verdict) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the figures out of a release's whole history. */
  static ReleaseFigures of(List<HistoryEvent> history) {
    Map<Long, String> types = new HashMap<>();
    Map<Long, Instant> scheduledAt = new HashMap<>();
    Map<Long, Instant> startedAt = new HashMap<>();
    Map<Instant, Sample> samples = new LinkedHashMap<>();
    Sample breach = null;
    long breachEvent = -1;
    Instant breachReported = null;
    int taskTimeouts = 0;
    for (HistoryEvent e : history) {
      switch (e.getEventType()) {
        case EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, EVENT_TYPE_WORKFLOW_TASK_FAILED -> taskTimeouts++;
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          types.put(
              e.getEventId(),
              e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
          scheduledAt.put(e.getEventId(), instant(e.getEventTime()));
        }
        case EVENT_TYPE_ACTIVITY_TASK_STARTED ->
            startedAt.put(
                e.getActivityTaskStartedEventAttributes().getScheduledEventId(),
                instant(e.getEventTime()));
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          for (Sample s : samplesIn(e.getActivityTaskCompletedEventAttributes().getResult())) {
            samples.putIfAbsent(s.at(), s);
            if (breach == null && "ROLLBACK".equals(s.verdict())) {
              breach = s;
              breachEvent = e.getEventId();
              breachReported = instant(e.getEventTime());
            }
          }
        }
        default -> {}
      }
    }
    String trafficType = null;
    Instant trafficScheduled = null;
    Instant trafficStarted = null;
    if (breach != null) {
      final long after = breachEvent;
      Long first =
          types.entrySet().stream()
              .filter(t -> t.getKey() > after && isTraffic(t.getValue()))
              .map(Map.Entry::getKey)
              .min(Long::compare)
              .orElse(null);
      if (first != null) {
        trafficType = types.get(first);
        trafficScheduled = scheduledAt.get(first);
        trafficStarted = startedAt.get(first);
      }
    }
    List<Sample> ordered = new ArrayList<>(samples.values());
    ordered.sort(Comparator.comparing(Sample::at));
    return new ReleaseFigures(
        history.size(),
        taskTimeouts,
        ordered,
        breach,
        breachReported,
        trafficType,
        trafficScheduled,
        trafficStarted);
  }

  /** A traffic action: switching (or setting weights), not only reading the live color. */
  private static boolean isTraffic(String activityType) {
    String t = activityType.toLowerCase(Locale.ROOT);
    return t.contains("switch") || t.contains("route") || t.contains("weight");
  }

  /** |gap − interval| between consecutive samples, in seconds. */
  List<Double> jitterSeconds(Duration interval) {
    return jitterSecondsFrom(interval, Instant.MIN);
  }

  /**
   * |gap − interval| between consecutive samples, in seconds, for the gaps whose later sample was
   * taken at or after {@code from}.
   */
  List<Double> jitterSecondsFrom(Duration interval, Instant from) {
    List<Double> out = new ArrayList<>();
    for (int i = 1; i < samples.size(); i++) {
      if (samples.get(i).at().isBefore(from)) continue;
      Duration gap = Duration.between(samples.get(i - 1).at(), samples.get(i).at());
      out.add(Math.abs(gap.minus(interval).toNanos()) / 1e9);
    }
    return out;
  }

  /** Seconds from the breaching sample's start to {@code to}, or null. */
  Double fromBreach(Instant to) {
    return breach == null || to == null ? null : Duration.between(breach.at(), to).toNanos() / 1e9;
  }

  private static List<Sample> samplesIn(Payloads payloads) {
    List<Sample> out = new ArrayList<>();
    for (Payload p : payloads.getPayloadsList()) {
      String encoding =
          p.getMetadataMap().containsKey("encoding")
              ? p.getMetadataMap().get("encoding").toStringUtf8()
              : "";
      if (!encoding.equals("json/plain")) continue; // binary/null, or encrypted: nothing to read
      try {
        collect(JSON.readTree(p.getData().toStringUtf8()), out);
      } catch (IOException e) {
        // not JSON after all: no samples in it
      }
    }
    return out;
  }

  private static void collect(JsonNode node, List<Sample> out) {
    if (node == null) return;
    if (node.isObject()) {
      JsonNode at = node.get("at");
      JsonNode verdict = node.get("verdict");
      if (at != null && at.isTextual() && verdict != null && verdict.isTextual()) {
        try {
          out.add(new Sample(Instant.parse(at.asText()), verdict.asText()));
        } catch (RuntimeException notAnInstant) {
          // some other "at": skip it
        }
        return;
      }
    }
    if (node.isContainerNode()) node.forEach(child -> collect(child, out));
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
