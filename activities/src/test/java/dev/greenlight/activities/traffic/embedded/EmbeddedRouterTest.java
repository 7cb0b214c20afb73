package dev.greenlight.activities.traffic.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.activities.traffic.RouterException;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.router.embedded.EmbeddedSpec;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EmbeddedRouterTest {
  @TempDir Path dir;
  private ColorBackend blue;
  private ColorBackend green;
  private EmbeddedProxy proxy;

  @BeforeEach
  void start() throws Exception {
    blue = ColorBackend.start(Color.BLUE);
    green = ColorBackend.start(Color.GREEN);
    proxy = Proxies.start(blue.uri(), green.uri(), dir.resolve("state.json"));
  }

  @AfterEach
  void stop() {
    proxy.stop();
    blue.close();
    green.close();
  }

  @Test
  void aFreshRouterReadsTheLiveColorFromTheProxy() throws Exception {
    proxy.setWeights(0, 100);
    assertThat(Proxies.router(proxy).liveColor()).isEqualTo(Color.GREEN);
    proxy.setWeights(100, 0);
    // the admin address given explicitly wins over the router url
    EmbeddedRouter viaAdmin =
        Proxies.router("http://example.invalid:1", "127.0.0.1:" + proxy.adminAddress().getPort());
    assertThat(viaAdmin.liveColor()).isEqualTo(Color.BLUE);
  }

  @Test
  void routesInStepsAndLeavesTrafficAloneWhenAlreadyInPlace() throws Exception {
    EmbeddedRouter router = Proxies.router(proxy);
    assertThat(router.route(Color.GREEN, 10))
        .contains("blue 90%, green 10%")
        .contains("was blue 100%");
    assertThat(proxy.weights()).isEqualTo(new Weights(90, 10, Color.BLUE));
    assertThat(router.liveColor()).isEqualTo(Color.BLUE);

    String before = Files.readString(dir.resolve("state.json"));
    Files.setLastModifiedTime(
        dir.resolve("state.json"), java.nio.file.attribute.FileTime.fromMillis(0));
    assertThat(router.route(Color.GREEN, 10)).startsWith("already blue 90%, green 10%");
    assertThat(Files.getLastModifiedTime(dir.resolve("state.json")).toMillis())
        .as("state file untouched")
        .isZero();
    assertThat(Files.readString(dir.resolve("state.json"))).isEqualTo(before);

    router.route(Color.GREEN, 100);
    assertThat(router.liveColor()).isEqualTo(Color.GREEN);
    try (KeepAliveClient client = new KeepAliveClient(proxy.address())) {
      assertThat(client.get("/").body()).isEqualTo("green");
    }
  }

  @Test
  void aProxyThatIsDownIsARetryableProblem() throws Exception {
    int port = FreePort.find();
    EmbeddedRouter router = Proxies.router("http://127.0.0.1:1", "127.0.0.1:" + port);
    assertThatThrownBy(router::liveColor)
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("does not answer at 127.0.0.1:" + port);
  }

  @Test
  void somethingElseAtTheAddressIsAPermanentProblem() throws Exception {
    try (ColorBackend other = ColorBackend.start()) { // 404 on every path
      EmbeddedRouter router = Proxies.router(other.url(), "127.0.0.1:" + other.uri().getPort());
      assertThatThrownBy(() -> router.route(Color.GREEN, 100))
          .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("not Greenlight's embedded proxy");
    }
  }

  @Test
  void aWorkerWithoutTheTokenOrWithAWrongOneMovesNothing() throws Exception {
    String admin = "127.0.0.1:" + proxy.adminAddress().getPort();
    EmbeddedSpec spec = new EmbeddedSpec(null, null, admin, "SHOP_ROUTER_TOKEN");
    assertThatThrownBy(() -> new EmbeddedRouter(spec, proxy.url(), name -> null))
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("SHOP_ROUTER_TOKEN is not set on the worker");
    EmbeddedRouter wrong = new EmbeddedRouter(spec, proxy.url(), name -> "guess");
    assertThatThrownBy(() -> wrong.route(Color.GREEN, 100))
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("refused the admin token");
    assertThat(proxy.weights()).isEqualTo(Weights.ALL_BLUE);
    EmbeddedRouter right =
        new EmbeddedRouter(
            spec, proxy.url(), name -> name.equals("SHOP_ROUTER_TOKEN") ? Proxies.TOKEN : null);
    right.route(Color.GREEN, 100);
    assertThat(proxy.weights().live()).isEqualTo(Color.GREEN);
  }
}
