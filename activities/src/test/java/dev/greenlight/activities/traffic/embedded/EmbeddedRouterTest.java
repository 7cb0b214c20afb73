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
    proxy = EmbeddedProxy.start("127.0.0.1:0", blue.uri(), green.uri(), dir.resolve("state.json"));
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
    assertThat(new EmbeddedRouter(null, proxy.url()).liveColor()).isEqualTo(Color.GREEN);
    proxy.setWeights(100, 0);
    // listen given explicitly wins over the router url
    EmbeddedRouter viaListen =
        new EmbeddedRouter(
            new EmbeddedSpec("127.0.0.1:" + proxy.address().getPort(), null),
            "http://example.invalid:1");
    assertThat(viaListen.liveColor()).isEqualTo(Color.BLUE);
  }

  @Test
  void routesInStepsAndLeavesTrafficAloneWhenAlreadyInPlace() throws Exception {
    EmbeddedRouter router = new EmbeddedRouter(null, proxy.url());
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
    EmbeddedRouter router = new EmbeddedRouter(null, "http://127.0.0.1:" + port);
    assertThatThrownBy(router::liveColor)
        .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("does not answer at 127.0.0.1:" + port);
  }

  @Test
  void somethingElseAtTheAddressIsAPermanentProblem() throws Exception {
    try (ColorBackend other = ColorBackend.start()) { // 404 on every path
      EmbeddedRouter router = new EmbeddedRouter(null, other.url());
      assertThatThrownBy(() -> router.route(Color.GREEN, 100))
          .isInstanceOfSatisfying(RouterException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("not Greenlight's embedded proxy");
    }
  }
}
