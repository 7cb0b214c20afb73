package dev.greenlight.activities.traffic.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.greenlight.activities.process.HookVariables;
import dev.greenlight.activities.traffic.RouterException;
import dev.greenlight.activities.traffic.testbed.KeepAliveLoad;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.Hook;
import dev.greenlight.api.spec.router.nginx.NginxSpec;
import dev.greenlight.testkit.ColorBackends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NginxRouter} against a real nginx in front of two real backends. */
class NginxRouterTest {
  static ColorBackends backends;
  static final HookVariables VARS = HookVariables.of("2.0.0", "app", "app-2.0.0-test");
  @TempDir Path dir;
  NginxProcess nginx;
  String handWritten;

  @BeforeAll
  static void backends() throws Exception {
    backends = ColorBackends.start();
  }

  @AfterAll
  static void stopBackends() {
    backends.close();
  }

  @BeforeEach
  void startNginx() throws Exception {
    // what an operator writes before the first release: the live color, no weight, one extra
    // directive
    handWritten =
        "upstream app {\n    server "
            + backends.hostPort(Color.BLUE)
            + " max_fails=3;\n    keepalive 16;\n}\n";
    nginx = NginxProcess.start(dir, handWritten, "");
  }

  @AfterEach
  void stopNginx() throws Exception {
    nginx.close();
  }

  NginxRouter router() {
    return new NginxRouter(nginx.spec(), backends.hostPorts(), VARS);
  }

  @Test
  void switchesSwitchesBackAndReadsTheLiveColorFromTheFile() throws Exception {
    assertThat(router().liveColor()).isEqualTo(Color.BLUE);
    Set<Long> workers = nginx.workers();
    assertThat(router().route(Color.BLUE, 100)).startsWith("already 100% on blue");
    assertThat(nginx.workers()).as("no reload for a no-op").isEqualTo(workers);

    String detail = router().route(Color.GREEN, 100);
    assertThat(detail)
        .startsWith("100% on green in nginx upstream app")
        .contains("tested in")
        .contains("reloaded in");
    nginx.awaitReloaded(workers);
    assertThat(KeepAliveLoad.sample(nginx.port(), 50)).isEqualTo(Map.of("green", 50));
    assertThat(router().liveColor()).isEqualTo(Color.GREEN);
    String file = Files.readString(nginx.upstreamFile());
    assertThat(file)
        .startsWith("# greenlight: applied\n")
        .contains("server " + backends.hostPort(Color.GREEN) + " weight=100;")
        .contains("server " + backends.hostPort(Color.BLUE) + " down max_fails=3;")
        .contains("keepalive 16;");

    workers = nginx.workers();
    assertThat(router().route(Color.GREEN, 100)).startsWith("already 100% on green");
    assertThat(router().route(Color.BLUE, 0)).startsWith("already 100% on green");
    assertThat(nginx.workers()).isEqualTo(workers);

    router().route(Color.BLUE, 100);
    nginx.awaitReloaded(workers);
    assertThat(KeepAliveLoad.sample(nginx.port(), 50)).isEqualTo(Map.of("blue", 50));
    assertThat(router().liveColor()).isEqualTo(Color.BLUE);
  }

  @Test
  void splitsTrafficByWeight() throws Exception {
    Set<Long> workers = nginx.workers();
    assertThat(router().route(Color.GREEN, 10)).startsWith("10% on green");
    nginx.awaitReloaded(workers);
    Map<String, Integer> tenPercent = KeepAliveLoad.sample(nginx.port(), 2000);
    assertThat(tenPercent.getOrDefault("green", 0)).isCloseTo(200, within(60));
    assertThat(router().liveColor()).isEqualTo(Color.BLUE);
    assertThat(router().route(Color.GREEN, 10)).startsWith("already 10% on green");

    workers = nginx.workers();
    router().route(Color.GREEN, 50);
    nginx.awaitReloaded(workers);
    Map<String, Integer> half = KeepAliveLoad.sample(nginx.port(), 2000);
    assertThat(half.getOrDefault("green", 0)).isCloseTo(1000, within(60));
    assertThatThrownBy(() -> router().liveColor())
        .isInstanceOf(RouterException.class)
        .hasMessageContaining("evenly");
    System.out.println("nginx split: 10% -> " + tenPercent + ", 50% -> " + half);
  }

  @Test
  void aConfigNginxRejectsIsRolledBackAndNotReloaded() throws Exception {
    Map<Color, String> addresses = new EnumMap<>(backends.hostPorts());
    addresses.put(Color.GREEN, "127.0.0.1:99999"); // nginx -t: invalid port in upstream
    NginxRouter broken = new NginxRouter(nginx.spec(), addresses, VARS);
    Set<Long> workers = nginx.workers();

    assertThatThrownBy(() -> broken.route(Color.GREEN, 100))
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("nginx rejected the new upstream file")
        .hasMessageContaining("invalid port in upstream \"127.0.0.1:99999\"")
        .hasMessageContaining("nginx was not reloaded")
        .hasMessageContaining("is back in place");
    assertThat(Files.readString(nginx.upstreamFile())).isEqualTo(handWritten);
    assertThat(nginx.workers()).isEqualTo(workers);
    assertThat(KeepAliveLoad.sample(nginx.port(), 20)).isEqualTo(Map.of("blue", 20));
    assertThat(router().liveColor()).isEqualTo(Color.BLUE);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void aMissingNginxBinaryIsAClearPermanentError() throws Exception {
    NginxSpec spec = nginx.spec();
    Hook missing = new Hook(List.of("nginx-not-installed", "-t"), null, dir.toString());
    NginxRouter router =
        new NginxRouter(
            new NginxSpec(spec.upstreamFile(), spec.upstream(), missing, spec.reload()),
            backends.hostPorts(),
            VARS);
    assertThatThrownBy(() -> router.route(Color.GREEN, 100))
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("cannot run `nginx-not-installed -t`")
        .hasMessageContaining("is nginx installed");
    assertThat(Files.readString(nginx.upstreamFile())).isEqualTo(handWritten);
  }

  @Test
  void aReloadThatFailsPutsTheOldFileBackAndMayBeRetried() throws Exception {
    NginxSpec spec = nginx.spec();
    Hook failing =
        new Hook(
            null,
            "echo 'nginx: [error] invalid PID number \"\" in nginx.pid' >&2; exit 1",
            dir.toString());
    NginxRouter router =
        new NginxRouter(
            new NginxSpec(spec.upstreamFile(), spec.upstream(), spec.test(), failing),
            backends.hostPorts(),
            VARS);
    assertThatThrownBy(() -> router.route(Color.GREEN, 100))
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("invalid PID number");
    assertThat(Files.readString(nginx.upstreamFile())).isEqualTo(handWritten);
    assertThat(router().liveColor()).isEqualTo(Color.BLUE);
  }

  @Test
  void aSwitchInterruptedBeforeTheReloadIsRedone() throws Exception {
    // as left by a worker that died after writing the file and before reloading nginx
    Files.writeString(
        nginx.upstreamFile(),
        "# greenlight: pending reload\nupstream app {\n    server "
            + backends.hostPort(Color.GREEN)
            + " weight=100;\n    server "
            + backends.hostPort(Color.BLUE)
            + " down;\n}\n");
    Set<Long> workers = nginx.workers();
    assertThat(router().route(Color.GREEN, 100)).startsWith("100% on green");
    nginx.awaitReloaded(workers);
    assertThat(KeepAliveLoad.sample(nginx.port(), 20)).isEqualTo(Map.of("green", 20));
    assertThat(Files.readString(nginx.upstreamFile())).startsWith("# greenlight: applied\n");
  }

  @Test
  void reloadsCostKeepAliveRequestsThatARetryingClientRecovers() throws Exception {
    NginxRouter router = router();
    KeepAliveLoad.Totals viaRouter = switches(router, false);
    KeepAliveLoad.Totals rawReloads;
    try (KeepAliveLoad load = KeepAliveLoad.start(nginx.port(), 4, false, Duration.ofSeconds(60))) {
      Thread.sleep(200);
      for (int i = 0; i < 10; i++) {
        nginx.rawReload();
        Thread.sleep(200);
      }
      rawReloads = load.stop();
    }
    KeepAliveLoad.Totals retrying = switches(router, true);
    System.out.println(
        "nginx, 10 router switches, plain keep-alive client: " + viaRouter.summary());
    System.out.println(
        "nginx, 10 raw `nginx -s reload`, plain keep-alive client: " + rawReloads.summary());
    System.out.println(
        "nginx, 10 router switches, client retrying idempotent requests: " + retrying.summary());

    for (KeepAliveLoad.Totals t : List.of(viaRouter, rawReloads, retrying)) {
      assertThat(t.ok()).isGreaterThan(200);
      // nginx never answers with an error: the only losses are reused connections closed under a
      // request
      assertThat(t.failures().keySet())
          .as(t.summary())
          .allMatch(reason -> reason.startsWith("reused connection"));
    }
    assertThat(viaRouter.byColor()).containsKeys("blue", "green");
    assertThat(retrying.failed()).as(retrying.summary()).isZero();
  }

  /** Ten straight switches, alternating, under keep-alive load. */
  private KeepAliveLoad.Totals switches(NginxRouter router, boolean retry) throws Exception {
    try (KeepAliveLoad load = KeepAliveLoad.start(nginx.port(), 4, retry, Duration.ofSeconds(60))) {
      Thread.sleep(200);
      for (int i = 0; i < 10; i++) {
        Color to = router.liveColor().other();
        assertThat(router.route(to, 100)).startsWith("100% on " + to);
        Thread.sleep(200);
      }
      return load.stop();
    }
  }
}
