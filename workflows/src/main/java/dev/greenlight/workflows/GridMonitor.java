package dev.greenlight.workflows;

import dev.greenlight.api.activities.MonitorBaseline;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.MonitorStreak;
import dev.greenlight.api.activities.WatchPlan;
import dev.greenlight.api.spec.MonitorSpec;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Monitoring on an absolute grid (releases started since {@code monitor-grid-1}): sample k of a
 * hold or window falls at its start + k × interval, whichever stretch takes it, so samples do not
 * drift when a stretch starts late or a worker restarts. {@code consecutive} and {@code
 * inconclusive} count across stretches; a pause stops the clock (see {@link PauseControl}).
 * Workflow code.
 */
final class GridMonitor {
  private final MonitorSpec spec;
  private final ReleaseActivities activities;
  private final StatusBoard board;
  private final PauseControl pause;
  private final Consumer<List<MonitorSample>> alerts;
  private MonitorBaseline baseline = MonitorBaseline.ofP95(0);
  private MonitorStreak streak = MonitorStreak.NONE;

  /**
   * @param alerts told each stretch's samples (the notifier sends an alert for each ALERT)
   */
  GridMonitor(
      MonitorSpec spec,
      ReleaseActivities activities,
      StatusBoard board,
      PauseControl pause,
      Consumer<List<MonitorSample>> alerts) {
    this.spec = spec;
    this.activities = activities;
    this.board = board;
    this.pause = pause;
    this.alerts = alerts;
  }

  /** Measures the live color before the switch, one value per check. */
  void measureBaseline() {
    baseline = activities.baselineChecks(board.live());
    board.baseline(baseline.p95Ms());
  }

  /**
   * Watches for {@code length} (plus the time spent paused), in stretches of a few samples each.
   *
   * @return the breach's reason, or null when the time ran out without one
   */
  String watch(String stepName, Duration length) {
    long interval = spec.interval().toMillis();
    long perStretch = Math.max(6, length.dividedBy(15).toMillis() / interval);
    long start = Workflow.currentTimeMillis();
    long pausedBefore = pause.pausedMillis();
    long next = 1;
    while (true) {
      if (pause.paused()) {
        board.paused(pause.text());
        Workflow.await(() -> !pause.paused());
        board.paused(null);
      }
      long end = start + length.toMillis() + (pause.pausedMillis() - pausedBefore);
      if (start + next * interval > end) return null;
      long until = Math.min(start + (next + perStretch - 1) * interval, end);
      long now = Workflow.currentTimeMillis();
      WatchPlan plan =
          new WatchPlan(
              Duration.ofMillis(Math.max(0, until - now)),
              baseline,
              start,
              until,
              now,
              next,
              streak,
              board.target().label(),
              board.target().other().label(),
              board.trafficPercent());
      MonitorReport report = activities.watchGrid(plan);
      board.sampled(report.samples());
      alerts.accept(report.samples());
      board.stepDetail(stepName, board.monitorText());
      if (report.streak() != null) streak = report.streak();
      // a report without the grid (an activity that predates it) took the plan's points
      next = report.nextSample() > next ? report.nextSample() : (until - start) / interval + 1;
      if (report.breached()) return report.reason();
      if (report.pause() && !pause.paused()) pause.pause("monitor", report.reason());
    }
  }
}
