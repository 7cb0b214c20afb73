package dev.greenlight.activities.traffic.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.api.model.Color;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.ColorBackend.Reply;
import dev.greenlight.testkit.FreePort;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedProxyTest {
  @TempDir Path dir;
  private ColorBackend blue;
  private ColorBackend green;
  private EmbeddedProxy proxy;

  @BeforeEach
  void backends() throws IOException {
    blue = ColorBackend.start(Color.BLUE);
    green = ColorBackend.start(Color.GREEN);
  }

  @AfterEach
  void stop() {
    if (proxy != null) proxy.stop();
    blue.close();
    green.close();
  }

  private EmbeddedProxy startProxy(Path stateFile) throws IOException {
    return Proxies.start(blue.uri(), green.uri(), stateFile);
  }

  @Test
  void dropsNoKeepAliveRequestAcrossTwentySwitchesUnderLoad() throws Exception {
    proxy = startProxy(dir.resolve("state.json"));
    EmbeddedRouter router = Proxies.router(proxy);
    int threads = 4;
    AtomicBoolean switching = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    List<String> failures = new ArrayList<>();
    Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> clients = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      clients.add(
          pool.submit(
              () -> {
                // one socket per thread for the whole run: a dropped keep-alive connection is a
                // failure
                try (KeepAliveClient client = new KeepAliveClient(proxy.address())) {
                  for (int i = 0; i < 50_000 && switching.get(); i++) {
                    KeepAliveClient.Response r = client.get("/item/" + i);
                    if (r.status() != 200 || !r.body().equals(r.colorHeader())) {
                      synchronized (failures) {
                        failures.add(r.status() + " " + r.colorHeader() + " " + r.body());
                      }
                    } else {
                      ok.incrementAndGet();
                      served.computeIfAbsent(r.body(), k -> new AtomicInteger()).incrementAndGet();
                    }
                  }
                } catch (IOException e) {
                  synchronized (failures) {
                    failures.add(e.toString());
                  }
                }
                return null;
              }));
    }
    Thread.sleep(200);
    Color target = Color.BLUE;
    for (int s = 0; s < 20; s++) {
      target = target.other();
      router.route(target, 100);
      Thread.sleep(60);
    }
    switching.set(false);
    for (Future<?> f : clients) f.get(30, TimeUnit.SECONDS);
    pool.shutdown();

    assertThat(failures).isEmpty();
    assertThat(ok.get()).isGreaterThan(200);
    assertThat(served.keySet()).containsExactlyInAnyOrder("blue", "green");
    assertThat(target).isEqualTo(Color.BLUE);
    try (KeepAliveClient client = new KeepAliveClient(proxy.address())) {
      for (int i = 0; i < 20; i++) assertThat(client.get("/after").body()).isEqualTo("blue");
    }
  }

  @Test
  void requestInFlightFinishesOnItsColorWhileTheNextGoesToTheNewOne() throws Exception {
    // long enough for a switch to happen while it is in flight
    blue.on("/slow", Reply.ok("blue").delayed(600));
    proxy = startProxy(null);
    HttpClient http = HttpClient.newHttpClient();
    var slow =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(proxy.url() + "/slow")).build(),
            HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (blue.requests() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
    proxy.setWeights(0, 100);

    HttpResponse<String> next =
        http.send(
            HttpRequest.newBuilder(URI.create(proxy.url() + "/fast")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(next.body()).isEqualTo("green");
    assertThat(slow.isDone())
        .as("the slow blue request is still in flight when green answers")
        .isFalse();
    HttpResponse<String> finished = slow.get(10, TimeUnit.SECONDS);
    assertThat(finished.statusCode()).isEqualTo(200);
    assertThat(finished.body()).isEqualTo("blue");
  }

  @Test
  void splitsTrafficByWeightWithinThreePercent() throws Exception {
    proxy = startProxy(null);
    for (int[] w : new int[][] {{10, 90}, {50, 50}}) {
      proxy.setWeights(w[0], w[1]);
      Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        jobs.add(
            pool.submit(
                () -> {
                  try (KeepAliveClient client = new KeepAliveClient(proxy.address())) {
                    for (int i = 0; i < 500; i++) {
                      KeepAliveClient.Response r = client.get("/");
                      assertThat(r.status()).isEqualTo(200);
                      served.computeIfAbsent(r.body(), k -> new AtomicInteger()).incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : jobs) f.get(30, TimeUnit.SECONDS);
      pool.shutdown();
      int blueCount = served.getOrDefault("blue", new AtomicInteger()).get();
      int greenCount = served.getOrDefault("green", new AtomicInteger()).get();
      assertThat(blueCount + greenCount).isEqualTo(2000);
      assertThat(blueCount)
          .as("blue share at %d/%d", w[0], w[1])
          .isBetween(20 * w[0] - 60, 20 * w[0] + 60);
    }
  }

  @Test
  void weightsAndLiveColorSurviveARestart() throws Exception {
    Path state = dir.resolve("router/state.json");
    proxy = startProxy(state);
    assertThat(proxy.liveColor()).isEqualTo(Color.BLUE);
    proxy.setWeights(50, 50);
    assertThat(proxy.liveColor()).as("a tie keeps the color that was live").isEqualTo(Color.BLUE);
    proxy.setWeights(0, 100);
    proxy.stop();

    proxy = startProxy(state);
    assertThat(proxy.weights()).isEqualTo(new Weights(0, 100, Color.GREEN));
    try (KeepAliveClient client = new KeepAliveClient(proxy.address())) {
      assertThat(client.get("/").body()).isEqualTo("green");
    }
    try (var files = Files.list(state.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temp file left behind")
          .containsExactly("state.json");
    }
  }

  @Test
  void adminEndpointRefusesBadWeightsAndChangesNothing() throws Exception {
    proxy = startProxy(dir.resolve("state.json"));
    HttpClient http = HttpClient.newHttpClient();
    URI admin = URI.create(proxy.adminUrl() + EmbeddedProxy.ADMIN_PATH);
    for (String bad :
        List.of("{\"blue\":0,\"green\":0}", "{\"blue\":-1,\"green\":100}", "green please")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(admin)
                  .header("Authorization", "Bearer " + Proxies.TOKEN)
                  .PUT(HttpRequest.BodyPublishers.ofString(bad))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).contains("\"error\"");
    }
    assertThat(proxy.weights()).isEqualTo(Weights.ALL_BLUE);
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(admin)
                .header("Authorization", "Bearer " + Proxies.TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.body()).isEqualTo("{\"blue\":100,\"green\":0,\"live\":\"blue\"}");
  }

  @Test
  void aChangeThatCannotBeStoredChangesNothing() throws Exception {
    Path state = dir.resolve("sub/state.json");
    proxy = startProxy(state);
    proxy.setWeights(100, 0);
    Files.delete(state);
    Files.delete(state.getParent());
    Files.writeString(state.getParent(), "a file where the state folder was");

    EmbeddedRouter router = Proxies.router(proxy);
    assertThatThrownBy(() -> router.route(Color.GREEN, 100))
        .isInstanceOfSatisfying(
            dev.greenlight.activities.traffic.RouterException.class,
            e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("answered 500")
        .hasMessageContaining("nothing changed");
    assertThat(proxy.weights()).isEqualTo(Weights.ALL_BLUE);
    try (KeepAliveClient client = new KeepAliveClient(proxy.address())) {
      assertThat(client.get("/").body()).isEqualTo("blue");
    }
  }

  @Test
  void refusesToStartOnATakenPortOrADamagedStateFile() throws Exception {
    try (ServerSocket taken = FreePort.occupy()) {
      assertThatThrownBy(
              () ->
                  EmbeddedProxy.start(
                      "127.0.0.1:" + taken.getLocalPort(),
                      "127.0.0.1:0",
                      Proxies.TOKEN,
                      blue.uri(),
                      green.uri(),
                      null))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cannot listen on");
    }
    Path state = dir.resolve("state.json");
    Files.writeString(state, "{\"blue\":");
    assertThatThrownBy(() -> startProxy(state))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("damaged");
  }
}
