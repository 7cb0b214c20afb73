package dev.greenlight.activities.traffic.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.model.Color;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.FreePort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The proxy as its own process, driven by a router in this one: what a worker does. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EmbeddedProxyMainTest {
  @TempDir Path dir;
  private ColorBackend blue;
  private ColorBackend green;
  private Process proxy;

  @BeforeEach
  void backends() throws IOException {
    blue = ColorBackend.start(Color.BLUE);
    green = ColorBackend.start(Color.GREEN);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (proxy != null) {
      proxy.destroyForcibly();
      proxy.waitFor(10, TimeUnit.SECONDS);
    }
    blue.close();
    green.close();
  }

  private int adminPort;

  private void startProxy(int port) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EmbeddedProxyMain.class.getName(),
                "--listen",
                "127.0.0.1:" + port,
                "--blue",
                blue.uri().toString(),
                "--green",
                green.uri().toString(),
                "--state-file",
                dir.resolve("state.json").toString(),
                "--admin",
                "127.0.0.1:" + adminPort)
            .redirectErrorStream(true);
    pb.environment().put(EmbeddedProxy.TOKEN_ENV, Proxies.TOKEN);
    proxy = pb.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); ; line = out.readLine()) {
      if (line == null) throw new IOException("the proxy process exited before listening");
      if (line.startsWith("embedded proxy listening on")) return;
    }
  }

  @Test
  void switchedFromAnotherProcessAndRestartedOnTheSameColor() throws Exception {
    int port = FreePort.find();
    adminPort = FreePort.find();
    startProxy(port);
    EmbeddedRouter router = Proxies.router("http://127.0.0.1:" + port, "127.0.0.1:" + adminPort);
    assertThat(router.liveColor()).isEqualTo(Color.BLUE);
    router.route(Color.GREEN, 100);

    proxy.destroy(); // SIGTERM, as an operator would stop it
    assertThat(proxy.waitFor(20, TimeUnit.SECONDS)).isTrue();
    startProxy(port);

    assertThat(Proxies.router("http://127.0.0.1:" + port, "127.0.0.1:" + adminPort).liveColor())
        .isEqualTo(Color.GREEN);
    try (KeepAliveClient client =
        new KeepAliveClient(new java.net.InetSocketAddress("127.0.0.1", port))) {
      assertThat(client.get("/").body()).isEqualTo("green");
    }
  }
}
