package dev.greenlight.activities.traffic.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.activities.traffic.release.BlueGreenStand.RouterKind;
import dev.greenlight.activities.traffic.testbed.KeepAliveLoad;
import dev.greenlight.api.lifecycle.AppView;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.StepRecord;
import dev.greenlight.api.spec.ReleaseSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code greenlight undo} after a successful release, through a real router (the embedded proxy and
 * HAProxy) in front of two real backends: the app's workflow, the release and the undo are the real
 * ones, driven through the client the CLI uses. Traffic must be back on the old color, proven by
 * the undo through the public URL, seen by users there, and no user request may fail.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UndoThroughRouterTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private AppRunner runner;

  @BeforeEach
  void startTemporal() {
    runner = AppRunner.start();
  }

  @AfterEach
  void stopTemporal() {
    runner.close();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = RouterKind.class,
      names = {"EMBEDDED", "HAPROXY"})
  void undoSendsAllTrafficBackToTheOldColorAndProvesIt(RouterKind kind) throws Exception {
    try (BlueGreenStand stand = BlueGreenStand.start(kind, dir)) {
      ReleaseSpec spec =
          AppRunner.undoWithoutApproval(
              stand.spec(
                  dir,
                  List.of(100),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(1),
                  Duration.ofMillis(500)));
      ReleaseStatus released = runner.release(spec, "2.0.0", LIMIT);
      assertThat(released.state()).as(released.outcome()).isEqualTo(ReleaseState.SUCCEEDED);
      assertThat(KeepAliveLoad.sample(stand.port(), 20)).isEqualTo(Map.of("green", 20));
      KeepAliveLoad users = KeepAliveLoad.start(stand.port(), 1, false, LIMIT);

      String undo = runner.apps().undo("shop", "dave", "checkout errors");
      ReleaseStatus end = runner.await(undo, s -> s.state().finished(), LIMIT);
      Thread.sleep(300); // users keep asking after the switch
      KeepAliveLoad.Totals load = users.stop();

      assertThat(end.state()).as(end.outcome()).isEqualTo(ReleaseState.SUCCEEDED);
      assertThat(end.outcome()).contains("all traffic is back on blue").contains("checkout errors");
      assertThat(end.live()).isEqualTo("blue");
      StepRecord sw =
          end.steps().stream().filter(s -> s.name().equals("switch")).findFirst().orElseThrow();
      assertThat(sw.status()).isEqualTo("SUCCEEDED");
      assertThat(sw.detail())
          .startsWith("100% on blue")
          .contains("20 consecutive responses through");
      TrafficRouter fresh = BlueGreenStand.freshRouter(spec);
      assertThat(fresh.liveColor()).isEqualTo(Color.BLUE);
      assertThat(KeepAliveLoad.sample(stand.port(), 50))
          .as("through the public URL")
          .isEqualTo(Map.of("blue", 50));
      assertThat(load.failed()).as(load.summary()).isZero();
      assertThat(load.byColor()).containsKeys("green", "blue");

      AppView view = runner.apps().view("shop");
      for (int i = 0; i < 200 && view.running() != null; i++) {
        Thread.sleep(25);
        view = runner.apps().view("shop");
      }
      assertThat(view.live()).isEqualTo("blue");
      assertThat(view.releases().get(0).kind()).isEqualTo("undo");
    }
  }
}
