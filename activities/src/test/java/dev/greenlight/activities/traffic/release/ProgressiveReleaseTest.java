package dev.greenlight.activities.traffic.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.greenlight.activities.monitor.MonitorActivitiesImpl;
import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.activities.traffic.release.BlueGreenStand.RouterKind;
import dev.greenlight.activities.traffic.testbed.KeepAliveLoad;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.model.StepRecord;
import dev.greenlight.api.spec.ReleaseSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Progressive releases through the real workflow and the real traffic and monitor activities,
 * against a real router (HAProxy, nginx, the embedded proxy) in front of two real backends: traffic
 * goes 10%, 50%, 100% with a monitored hold at each step; a new color that fails at 50% is rolled
 * back to 0%.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProgressiveReleaseTest {
  private static final List<Integer> STEPS = List.of(10, 50, 100);
  private static final Duration STEP_HOLD = Duration.ofSeconds(4);
  private static final Duration WINDOW = Duration.ofSeconds(3);
  private static final Duration INTERVAL = Duration.ofMillis(500);
  private static final Duration RELEASE_LIMIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private ReleaseRunner runner;

  @BeforeEach
  void startTemporal() {
    runner = ReleaseRunner.start(new MonitorActivitiesImpl());
  }

  @AfterEach
  void stopTemporal() {
    runner.close();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RouterKind.class)
  void goesLiveStepByStepWithoutLosingARequest(RouterKind kind) throws Exception {
    try (BlueGreenStand stand = BlueGreenStand.start(kind, dir)) {
      ReleaseSpec spec = stand.spec(dir, STEPS, STEP_HOLD, WINDOW, INTERVAL);
      // keep-alive users throughout; through nginx they retry a GET whose connection a reload
      // closed, as browsers do
      KeepAliveLoad users =
          KeepAliveLoad.start(stand.port(), 1, kind == RouterKind.NGINX, RELEASE_LIMIT);
      ReleaseWorkflow wf = runner.start(spec, "2.0.0");
      runner.approve(wf);

      Map<Integer, Double> greenShare = new TreeMap<>();
      for (int percent : List.of(10, 50)) {
        ReleaseRunner.await(
            wf,
            s -> s.stage() == Stage.MONITORING && s.trafficPercent() == percent,
            RELEASE_LIMIT,
            Duration.ofMillis(20));
        Thread.sleep(400); // nginx's old workers may still answer for ~0.3 s after a reload
        Map<String, Long> before = users.totals().byColor();
        // count what users get inside this hold only: a count taken while the status still shows
        // the hold (the next switch is scheduled only after the stage changes), until there are
        // enough answers
        Map<String, Long> inHold = before;
        long until = System.nanoTime() + Duration.ofMillis(3000).toNanos();
        while (answers(before, inHold) < 60 && System.nanoTime() < until) {
          Thread.sleep(50);
          Map<String, Long> now = users.totals().byColor();
          ReleaseStatus s = wf.status();
          if (s.stage() != Stage.MONITORING || s.trafficPercent() != percent) break;
          inHold = now;
        }
        greenShare.put(percent, greenShare(before, inHold));
      }
      ReleaseStatus end = ReleaseRunner.awaitEnd(wf, RELEASE_LIMIT);
      KeepAliveLoad.Totals load = users.stop();
      report(
          kind, end, "green share during the holds " + greenShare + "; users: " + load.summary());

      assertThat(end.state()).as(end.outcome()).isEqualTo(ReleaseState.SUCCEEDED);
      assertThat(end.live()).isEqualTo("green");
      assertThat(end.trafficPercent()).isEqualTo(100);
      assertThat(
              end.steps().stream().filter(s -> s.name().equals("switch")).map(StepRecord::detail))
          .satisfiesExactly(
              d -> assertThat(d).startsWith("10% on green"),
              d -> assertThat(d).startsWith("50% on green"),
              d ->
                  assertThat(d)
                      .startsWith("100% on green")
                      .contains("20 consecutive responses through"));
      assertThat(end.steps().stream().filter(s -> s.name().equals("hold")).map(StepRecord::status))
          .containsExactly("SUCCEEDED", "SUCCEEDED");
      assertThat(end.monitor().samples())
          .as("samples over two holds and the window")
          .isGreaterThanOrEqualTo(12);

      // what users got at each step: a share of green that follows the step
      // (the exact split is asserted over 2,000 requests in each router's own test; here, under a
      // release, users must see green arrive gradually: some green at 10%, more at 50%, never all
      // of it before 100%)
      assertThat(greenShare.get(10))
          .as("green's share at 10%%: %s", greenShare)
          .isGreaterThan(0.0)
          .isLessThan(0.35);
      assertThat(greenShare.get(50))
          .as("green's share at 50%%: %s", greenShare)
          .isGreaterThan(greenShare.get(10))
          .isLessThan(1.0);

      assertThat(load.failed()).as(load.summary()).isZero();
      assertThat(load.byColor()).containsKeys("blue", "green");

      TrafficRouter fresh = BlueGreenStand.freshRouter(spec);
      assertThat(fresh.liveColor()).isEqualTo(Color.GREEN);
      assertThat(fresh.route(Color.GREEN, 100))
          .as("all traffic is on green already")
          .startsWith("already");
      assertThat(KeepAliveLoad.sample(stand.port(), 20)).isEqualTo(Map.of("green", 20));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RouterKind.class)
  void rollsBackToTheOldColorWhenTheNewOneFailsAtHalfTraffic(RouterKind kind) throws Exception {
    try (BlueGreenStand stand = BlueGreenStand.start(kind, dir)) {
      ReleaseSpec spec = stand.spec(dir, STEPS, STEP_HOLD, WINDOW, INTERVAL);
      ReleaseWorkflow wf = runner.start(spec, "2.0.1");
      runner.approve(wf);

      ReleaseRunner.await(wf, s -> s.trafficPercent() == 50, RELEASE_LIMIT, Duration.ofMillis(20));
      stand
          .backends()
          .fail(Color.GREEN); // the new build breaks as soon as it gets half the traffic
      ReleaseStatus end = ReleaseRunner.awaitEnd(wf, RELEASE_LIMIT);
      report(kind, end, "");

      assertThat(end.state()).as(end.outcome()).isEqualTo(ReleaseState.ROLLED_BACK);
      assertThat(end.outcome())
          .startsWith("Rolled back: monitor breach at 50% on green: error rate")
          .endsWith("traffic is back on blue.");
      assertThat(end.live()).isEqualTo("blue");
      assertThat(end.trafficPercent()).isZero();
      assertThat(end.steps())
          .extracting(StepRecord::name, StepRecord::status)
          .containsExactly(
              tuple("deploy", "SUCCEEDED"),
              tuple("health", "SUCCEEDED"),
              tuple("migrate", "SKIPPED"),
              tuple("smoke", "SUCCEEDED"),
              tuple("approval", "SUCCEEDED"),
              tuple("switch", "SUCCEEDED"),
              tuple("hold", "SUCCEEDED"),
              tuple("switch", "SUCCEEDED"),
              tuple("hold", "FAILED"),
              tuple("rollback", "SUCCEEDED"));
      assertThat(end.monitor().breaches()).isEqualTo(1);

      // green still fails: one answer from it would make the sample throw
      TrafficRouter fresh = BlueGreenStand.freshRouter(spec);
      assertThat(fresh.liveColor()).isEqualTo(Color.BLUE);
      assertThat(fresh.route(Color.BLUE, 100))
          .as("all traffic is on blue already")
          .startsWith("already");
      assertThat(KeepAliveLoad.sample(stand.port(), 50)).isEqualTo(Map.of("blue", 50));
    }
  }

  private static long answers(Map<String, Long> before, Map<String, Long> after) {
    return after.values().stream().mapToLong(Long::longValue).sum()
        - before.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Green's share of the answers users got between two counts. */
  private static double greenShare(Map<String, Long> before, Map<String, Long> after) {
    long green = after.getOrDefault("green", 0L) - before.getOrDefault("green", 0L);
    long blue = after.getOrDefault("blue", 0L) - before.getOrDefault("blue", 0L);
    assertThat(green + blue).as("answers during the hold").isGreaterThanOrEqualTo(10);
    return (double) green / (green + blue);
  }

  /** The release's timeline in the test output, to read when an assertion fails. */
  private static void report(RouterKind kind, ReleaseStatus end, String extra) {
    StringBuilder sb =
        new StringBuilder(kind.label() + ": " + end.state() + ": " + end.outcome() + "\n");
    for (StepRecord s : end.steps()) {
      sb.append("  ")
          .append(s.startedAt())
          .append(" .. ")
          .append(s.endedAt())
          .append(' ')
          .append(s.name())
          .append(' ')
          .append(s.status())
          .append(": ")
          .append(s.detail())
          .append('\n');
    }
    if (!extra.isEmpty()) sb.append("  ").append(extra).append('\n');
    System.out.print(sb);
  }
}
