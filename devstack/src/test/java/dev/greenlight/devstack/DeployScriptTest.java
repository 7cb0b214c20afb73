package dev.greenlight.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.api.model.Color;
import dev.greenlight.testkit.FreePort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** deploy.sh as the worker runs it: real demo app processes on free loopback ports. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeployScriptTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  @TempDir Path dir;
  private DemoWorkspace demo;
  private final HttpClient http = HttpClient.newHttpClient();

  private DemoWorkspace writeOut(String classpath) throws IOException {
    return DemoWorkspace.writeOut(
        dir,
        new DemoWorkspace.Settings(
            FreePort.find(),
            FreePort.find(),
            FreePort.find(),
            "jdbc:postgresql://127.0.0.1:1/none",
            "shop",
            "DEMO_DB_PASSWORD",
            classpath,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            List.of("3.0.0")));
  }

  @BeforeEach
  void setUp() throws IOException {
    demo = writeOut(System.getProperty("java.class.path"));
  }

  @AfterEach
  void stopApps() {
    demo.stopApps();
  }

  private HttpResponse<String> get(Color color, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(demo.url(color) + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String healthVersion(Color color) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        HttpResponse<String> r = get(color, "/health");
        if (r.statusCode() == 200) return r.body();
      } catch (IOException e) {
        if (System.nanoTime() > deadline) throw e;
      }
      Thread.sleep(100);
    }
  }

  @Test
  void restartsAColorWithANewVersion() throws Exception {
    String out = demo.deploy(Color.BLUE, "1.0.0", Map.of(), TIMEOUT);
    assertThat(out).contains("started 1.0.0 on blue");
    assertThat(healthVersion(Color.BLUE))
        .contains("\"version\":\"1.0.0\"")
        .contains("\"color\":\"blue\"");
    ProcessHandle first = demo.app(Color.BLUE).orElseThrow();

    assertThat(demo.deploy(Color.BLUE, "1.1.0", Map.of(), TIMEOUT))
        .contains("stopping blue (pid " + first.pid() + ")");
    assertThat(first.isAlive()).as("the old process is gone").isFalse();
    assertThat(healthVersion(Color.BLUE)).contains("\"version\":\"1.1.0\"");
    ProcessHandle second = demo.app(Color.BLUE).orElseThrow();
    assertThat(second.pid()).isNotEqualTo(first.pid());
    assertThat(Files.readString(demo.log(Color.BLUE))).contains("deploying 1.1.0 to blue");
    assertThat(Files.readString(demo.runDir().resolve("blue.log.prev")))
        .contains("deploying 1.0.0 to blue");

    // green is separate: deploying it leaves blue running
    demo.deploy(Color.GREEN, "2.0.0", Map.of(), TIMEOUT);
    assertThat(healthVersion(Color.GREEN))
        .contains("\"version\":\"2.0.0\"")
        .contains("\"color\":\"green\"");
    assertThat(second.isAlive()).isTrue();

    demo.stopApps();
    assertThat(second.isAlive()).isFalse();
    assertThat(demo.app(Color.GREEN)).isEmpty();
    assertThat(LocalStack.portFree(demo.settings().bluePort())).isTrue();
    assertThat(LocalStack.portFree(demo.settings().greenPort())).isTrue();
  }

  @Test
  void aVersionListedAsFaultyFailsOnlyUnderTraffic() throws Exception {
    demo.deploy(Color.GREEN, "3.0.0", Map.of(), TIMEOUT);
    assertThat(healthVersion(Color.GREEN)).contains("\"version\":\"3.0.0\"");
    int failed = 0;
    for (int i = 0; i < 20; i++) assertThat(get(Color.GREEN, "/").statusCode()).isEqualTo(200);
    for (int i = 0; i < 50; i++) if (get(Color.GREEN, "/").statusCode() == 500) failed++;
    assertThat(failed).isEqualTo(20);
    assertThat(get(Color.GREEN, "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void theJarComesFromDemoEnvUnlessGreenlightJarIsSet() throws Exception {
    demo = writeOut("/nonexistent/greenlight.jar");
    assertThat(Files.readString(dir.resolve("demo.env")))
        .contains("GREENLIGHT_JAR='/nonexistent/greenlight.jar'");
    assertThatThrownBy(() -> demo.deploy(Color.BLUE, "1.0.0", Map.of(), TIMEOUT))
        .hasMessageContaining("exited right away")
        .hasMessageContaining("DemoApp");

    demo.deploy(
        Color.BLUE,
        "1.0.0",
        Map.of("GREENLIGHT_JAR", System.getProperty("java.class.path")),
        TIMEOUT);
    assertThat(healthVersion(Color.BLUE)).contains("\"version\":\"1.0.0\"");
  }

  @Test
  void failsFastWithTheAppLogWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken =
        new ServerSocket(demo.settings().greenPort(), 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> demo.deploy(Color.GREEN, "2.0.0", Map.of(), TIMEOUT))
          .hasMessageContaining("exited right away")
          .hasMessageContaining("cannot listen on port " + demo.settings().greenPort());
    }
  }

  @Test
  void refusesAnUnknownColor() throws Exception {
    Process p =
        new ProcessBuilder("./deploy.sh", "purple", "1.0.0")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isEqualTo(2);
    assertThat(out).contains("usage:");
  }
}
