package dev.greenlight.activities.traffic.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.greenlight.activities.traffic.RouterException;
import dev.greenlight.activities.traffic.testbed.KeepAliveLoad;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.router.haproxy.HaproxySpec;
import dev.greenlight.testkit.ColorBackends;
import dev.greenlight.testkit.FreePort;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HaproxyRouter} against a real HAProxy in front of two real backends. */
class HaproxyRouterTest {
  static ColorBackends backends;
  @TempDir Path dir;
  HaproxyProcess haproxy;

  @BeforeAll
  static void backends() throws Exception {
    backends = ColorBackends.start();
  }

  @AfterAll
  static void stopBackends() {
    backends.close();
  }

  @BeforeEach
  void startHaproxy() throws Exception {
    haproxy = HaproxyProcess.start(dir, backends.hostPorts(), "admin");
  }

  @AfterEach
  void stopHaproxy() throws Exception {
    haproxy.close();
  }

  @Test
  void switchesSwitchesBackAndReadsTheLiveColorFromHaproxy() throws Exception {
    HaproxyRouter router = new HaproxyRouter(haproxy.spec());
    assertThat(router.liveColor()).isEqualTo(Color.BLUE);
    assertThat(KeepAliveLoad.sample(haproxy.port(), 20)).isEqualTo(Map.of("blue", 20));

    String detail = router.route(Color.GREEN, 100);
    assertThat(detail).startsWith("100% on green").contains("blue maint");
    assertThat(KeepAliveLoad.sample(haproxy.port(), 50)).isEqualTo(Map.of("green", 50));
    assertThat(new HaproxyRouter(haproxy.spec()).liveColor()).isEqualTo(Color.GREEN);

    assertThat(router.route(Color.GREEN, 100)).startsWith("already 100% on green");
    assertThat(new HaproxyRouter(haproxy.spec()).route(Color.BLUE, 0))
        .startsWith("already 100% on green");

    router.route(Color.BLUE, 100);
    assertThat(KeepAliveLoad.sample(haproxy.port(), 50)).isEqualTo(Map.of("blue", 50));
    assertThat(new HaproxyRouter(haproxy.spec()).liveColor()).isEqualTo(Color.BLUE);
  }

  @Test
  void splitsTrafficByWeight() throws Exception {
    HaproxyRouter router = new HaproxyRouter(haproxy.spec());
    assertThat(router.route(Color.GREEN, 10)).startsWith("10% on green");
    Map<String, Integer> tenPercent = KeepAliveLoad.sample(haproxy.port(), 2000);
    assertThat(tenPercent.getOrDefault("green", 0)).isCloseTo(200, within(60));
    assertThat(new HaproxyRouter(haproxy.spec()).liveColor()).isEqualTo(Color.BLUE);
    assertThat(new HaproxyRouter(haproxy.spec()).route(Color.GREEN, 10))
        .startsWith("already 10% on green");

    router.route(Color.GREEN, 50);
    Map<String, Integer> half = KeepAliveLoad.sample(haproxy.port(), 2000);
    assertThat(half.getOrDefault("green", 0)).isCloseTo(1000, within(60));
    assertThatThrownBy(router::liveColor)
        .isInstanceOf(RouterException.class)
        .hasMessageContaining("splits traffic evenly");

    router.route(Color.GREEN, 90);
    assertThat(router.liveColor()).isEqualTo(Color.GREEN);
    System.out.println("haproxy split: 10% -> " + tenPercent + ", 50% -> " + half);
  }

  @Test
  void keepAliveClientsLoseNoRequestAcrossTwentySwitches() throws Exception {
    HaproxyRouter router = new HaproxyRouter(haproxy.spec());
    // straight switches (the target leaves maintenance) and progressive ones, ten and ten
    Object[][] steps = {
      {Color.GREEN, 100},
      {Color.BLUE, 100},
      {Color.GREEN, 100},
      {Color.BLUE, 100},
      {Color.GREEN, 10},
      {Color.GREEN, 50},
      {Color.GREEN, 100},
      {Color.BLUE, 10},
      {Color.BLUE, 50},
      {Color.BLUE, 100}
    };
    KeepAliveLoad load = KeepAliveLoad.start(haproxy.port(), 4, false, Duration.ofSeconds(60));
    Thread.sleep(200);
    for (int i = 0; i < 20; i++) {
      Object[] step = steps[i % steps.length];
      assertThat(router.route((Color) step[0], (Integer) step[1])).doesNotStartWith("already");
      Thread.sleep(100);
    }
    KeepAliveLoad.Totals totals = load.stop();
    System.out.println("haproxy, 20 switches under keep-alive load: " + totals.summary());
    assertThat(totals.failed()).as(totals.summary()).isZero();
    assertThat(totals.ok()).isGreaterThan(200);
    assertThat(totals.byColor()).containsKeys("blue", "green");
    assertThat(totals.connections()).as("the clients kept their connections").isEqualTo(4);
  }

  @Test
  void aTargetFailingHaproxysHealthCheckGetsNoTraffic() throws Exception {
    haproxy.close();
    Map<Color, String> addresses = new EnumMap<>(backends.hostPorts());
    addresses.put(Color.GREEN, "127.0.0.1:" + FreePort.find()); // nothing listens there
    haproxy = HaproxyProcess.start(dir, addresses, "admin");
    HaproxyRouter router = new HaproxyRouter(haproxy.spec(), Duration.ofSeconds(2));

    assertThatThrownBy(() -> router.route(Color.GREEN, 100))
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("health check has not passed on app/green")
        .hasMessageContaining("traffic stays as it was");
    assertThat(KeepAliveLoad.sample(haproxy.port(), 50)).isEqualTo(Map.of("blue", 50));
    assertThat(new HaproxyRouter(haproxy.spec()).liveColor()).isEqualTo(Color.BLUE);
  }

  @Test
  void wrongBackendOrServerNamesGetHaproxysAnswer() {
    HaproxySpec good = haproxy.spec();
    HaproxyRouter noBackend =
        new HaproxyRouter(new HaproxySpec(good.socket(), "shop", good.servers()));
    assertThatThrownBy(noBackend::liveColor)
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("Can't find backend")
        .hasMessageContaining("router.haproxy.backend");

    HaproxyRouter noServer =
        new HaproxyRouter(
            new HaproxySpec(good.socket(), "app", Map.of("blue", "blue", "green", "grn")));
    assertThatThrownBy(() -> noServer.route(Color.GREEN, 100))
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("No such server")
        .hasMessageContaining("router.haproxy.servers.green");
  }

  @Test
  void aSocketWithoutAdminLevelIsRefusedClearly() throws Exception {
    haproxy.close();
    haproxy = HaproxyProcess.start(dir, backends.hostPorts(), "operator");
    HaproxyRouter router = new HaproxyRouter(haproxy.spec());
    assertThat(router.liveColor()).isEqualTo(Color.BLUE);
    assertThatThrownBy(() -> router.route(Color.GREEN, 100))
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("Permission denied")
        .hasMessageContaining("level admin");
    assertThat(KeepAliveLoad.sample(haproxy.port(), 20)).isEqualTo(Map.of("blue", 20));
  }

  @Test
  void aMissingSocketSaysHowToConfigureHaproxy() {
    Path missing = dir.resolve("nowhere.sock");
    HaproxyRouter router = new HaproxyRouter(new HaproxySpec(missing.toString(), "app", Map.of()));
    assertThatThrownBy(router::liveColor)
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessage(
            "no HAProxy admin socket at "
                + missing
                + ": is haproxy running with `stats socket "
                + missing
                + " level admin`?");
  }

  @Test
  void aSocketNobodyListensOnIsRetryable() throws Exception {
    Path stale = dir.resolve("stale.sock");
    try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      gone.bind(
          UnixDomainSocketAddress.of(
              stale)); // closing leaves the file behind, like a crashed haproxy
    }
    HaproxyRouter router = new HaproxyRouter(new HaproxySpec(stale.toString(), "app", Map.of()));
    assertThatThrownBy(() -> router.route(Color.GREEN, 100))
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("refused the connection");
  }
}
