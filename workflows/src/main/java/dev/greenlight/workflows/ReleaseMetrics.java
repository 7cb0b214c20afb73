package dev.greenlight.workflows;

import com.uber.m3.tally.Scope;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.Stage;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a worker's {@code /metrics} says about releases, recorded as the status changes ({@link
 * StatusBoard} calls it). Through {@link Workflow#getMetricsScope()}: it records nothing while a
 * release replays, so a cached or replayed release is never counted twice, and it issues no
 * command. Workflow code.
 *
 * <p>In Prometheus' names: {@code greenlight_releases_total{app, state}} (releases by final state),
 * {@code greenlight_rollbacks_total{app}}, {@code greenlight_switch_duration_seconds} (each traffic
 * step: the switch and its proof), {@code greenlight_approval_wait_seconds} and {@code
 * greenlight_monitor_samples_total{app, verdict}}.
 */
final class ReleaseMetrics {
  private final String app;
  private Stage stage;
  private long stageSince;

  ReleaseMetrics(String app) {
    this.app = app;
  }

  /** The release moved to {@code next}: times the stage it leaves, counts a rollback. */
  void stage(Stage next) {
    long now = Workflow.currentTimeMillis();
    if (stage == next) return;
    Duration spent = Duration.ofMillis(now - stageSince);
    if (stage == Stage.AWAITING_APPROVAL) timer("greenlight_approval_wait", spent);
    if (stage == Stage.SWITCHING) timer("greenlight_switch_duration", spent);
    if (next == Stage.ROLLING_BACK) scope(Map.of()).counter("greenlight_rollbacks").inc(1);
    stage = next;
    stageSince = now;
  }

  /** Monitor samples, by verdict. */
  void sampled(List<MonitorSample> samples) {
    for (MonitorSample s : samples) {
      String verdict = s.verdict() == null ? "UNKNOWN" : s.verdict();
      scope(Map.of("verdict", verdict)).counter("greenlight_monitor_samples").inc(1);
    }
  }

  /** The release ended in {@code state}. */
  void finished(ReleaseState state) {
    stage(Stage.DONE);
    scope(Map.of("state", state.name())).counter("greenlight_releases").inc(1);
  }

  private void timer(String name, Duration spent) {
    scope(Map.of())
        .timer(name)
        .record(com.uber.m3.util.Duration.ofMillis(Math.max(0, spent.toMillis())));
  }

  private Scope scope(Map<String, String> tags) {
    Map<String, String> all = new HashMap<>(tags);
    all.put("app", app);
    return Workflow.getMetricsScope().tagged(all);
  }
}
