package dev.greenlight.activities.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.monitor.scripted.ScriptedSource;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorBaseline;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorStreak;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.WatchPlan;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples on an absolute grid: a stretch samples the grid points of its plan, whenever it starts; a
 * retry after a worker restart goes on from the point the lost attempt reached (its last
 * heartbeat), and points that passed meanwhile are skipped, not taken in a burst.
 */
class GridWatchTest {
  private static final long INTERVAL = 400;

  @TempDir Path dir;
  private TestActivityEnvironment env;

  @AfterEach
  void tearDown() {
    if (env != null) env.close();
    ScriptedSource.VERDICTS.clear();
  }

  /** A stretch of grid points 1..6 whose grid began 2.5 intervals ago. */
  private MonitorReport watch(Long heartbeatOfALostAttempt, String... verdicts) {
    ScriptedSource.VERDICTS.addAll(java.util.List.of(verdicts));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new MonitorActivitiesImpl());
    if (heartbeatOfALostAttempt != null) env.setHeartbeatDetails(heartbeatOfALostAttempt);
    MonitorActivities monitor =
        env.newActivityStub(
            MonitorActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setHeartbeatTimeout(Duration.ofSeconds(5))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    ReleaseContext ctx =
        SpecBuilder.in(dir)
            .with("monitor", "{source: scripted, interval: " + INTERVAL + "ms, consecutive: 2}")
            .context();
    long now = System.currentTimeMillis();
    long start = now - INTERVAL * 5 / 2;
    WatchPlan plan =
        new WatchPlan(
            Duration.ofMillis(INTERVAL * 6 - INTERVAL * 5 / 2),
            MonitorBaseline.ofP95(ScriptedSource.BASELINE_MS),
            start,
            start + 6 * INTERVAL,
            now,
            1,
            MonitorStreak.NONE,
            "green",
            "blue",
            100);
    return monitor.watchGrid(ctx, plan);
  }

  @Test
  void aLateStretchSkipsThePointsThatPassedAndKeepsTheGrid() {
    MonitorReport report = watch(null);
    // point 1 passed long ago: skipped; point 2 is due (taken at once); then 3, 4, 5, 6
    assertThat(report.samples()).hasSize(5);
    assertThat(report.nextSample()).isEqualTo(7);
    assertThat(report.breached()).isFalse();
  }

  @Test
  void aRetryAfterARestartGoesOnFromWhereTheLostAttemptGot() {
    MonitorReport report = watch(4L);
    // the lost attempt took points up to 3: this one takes 4, 5, 6
    assertThat(report.samples()).hasSize(3);
    assertThat(report.nextSample()).isEqualTo(7);
  }

  @Test
  void consecutiveCountsAcrossSamplesAndOnlyThenRollsBack() {
    MonitorReport report = watch(null, "ROLLBACK", "OK", "ROLLBACK", "ROLLBACK");
    assertThat(report.samples())
        .extracting(s -> s.verdict())
        .containsExactly("ALERT", "OK", "ALERT", "ROLLBACK");
    assertThat(report.breached()).isTrue();
    assertThat(report.reason()).isEqualTo("scripted ROLLBACK (2 samples in a row)");
    assertThat(report.streak()).isEqualTo(new MonitorStreak(2, 0));
  }
}
