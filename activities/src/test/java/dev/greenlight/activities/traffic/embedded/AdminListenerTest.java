package dev.greenlight.activities.traffic.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.model.Color;
import dev.greenlight.testkit.ColorBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Anyone who can reach the shop must not be able to move its traffic. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminListenerTest {
  @TempDir Path dir;
  private ColorBackend blue;
  private ColorBackend green;
  private EmbeddedProxy proxy;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    blue = ColorBackend.start(Color.BLUE);
    green = ColorBackend.start(Color.GREEN);
    proxy = Proxies.start(blue.uri(), green.uri(), dir.resolve("s.json"));
  }

  @AfterEach
  void stop() {
    if (proxy != null) proxy.stop();
    blue.close();
    green.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePublicListenerRefusesWeightChangesAndAnswers404ForTheAdminPaths() throws Exception {
    URI weights = URI.create(proxy.url() + "/__greenlight/weights");
    HttpResponse<String> put =
        send(
            HttpRequest.newBuilder(weights)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"blue\":0,\"green\":100}")));
    assertThat(put.statusCode()).isEqualTo(404);
    assertThat(proxy.weights()).isEqualTo(Weights.ALL_BLUE);
    for (String path : List.of("/__greenlight/weights", "/__greenlight/anything")) {
      HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(proxy.url() + path)));
      assertThat(get.statusCode()).as(path).isEqualTo(404);
      assertThat(get.body()).as(path).doesNotContain("blue\":100");
    }
    HttpResponse<String> app = send(HttpRequest.newBuilder(URI.create(proxy.url() + "/")));
    assertThat(app.body()).isEqualTo("blue");
  }

  @Test
  void theAdminListenerIsOnLoopbackByDefaultAndWantsTheToken() throws Exception {
    assertThat(EmbeddedProxy.defaultAdmin("0.0.0.0:8080")).isEqualTo("127.0.0.1:18080");
    assertThat(proxy.adminAddress().getHostString()).isEqualTo("127.0.0.1");
    URI weights = URI.create(proxy.adminUrl() + EmbeddedProxy.ADMIN_PATH);
    String body = "{\"blue\":0,\"green\":100}";
    for (String auth : List.of("", "Bearer wrong", "Bearer " + Proxies.TOKEN + "x")) {
      HttpRequest.Builder put =
          HttpRequest.newBuilder(weights).PUT(HttpRequest.BodyPublishers.ofString(body));
      if (!auth.isEmpty()) put.header("Authorization", auth);
      assertThat(send(put).statusCode()).as(auth).isEqualTo(401);
    }
    assertThat(proxy.weights()).isEqualTo(Weights.ALL_BLUE);
    HttpResponse<String> ok =
        send(
            HttpRequest.newBuilder(weights)
                .header("Authorization", "Bearer " + Proxies.TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(send(HttpRequest.newBuilder(URI.create(proxy.url() + "/"))).body())
        .isEqualTo("green");
    // the admin listener serves nothing else, and never proxies
    HttpResponse<String> other = send(HttpRequest.newBuilder(URI.create(proxy.adminUrl() + "/")));
    assertThat(other.statusCode()).isEqualTo(404);
  }
}
