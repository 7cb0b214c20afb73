package dev.greenlight.activities.monitor.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.monitor.MonitorActivitiesImpl;
import dev.greenlight.activities.traffic.embedded.EmbeddedProxy;
import dev.greenlight.activities.traffic.release.BlueGreenStand;
import dev.greenlight.activities.traffic.release.ReleaseRunner;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.testkit.SpecBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases judged by a real Prometheus (Debian's {@code prometheus}, started here on a free
 * loopback port) scraping a small app that exports its real request metrics per color, while users
 * send real traffic through the embedded router. The probe never runs: the verdicts come from
 * Prometheus data alone.
 *
 * <p>Reproduce the benchmark figure: {@code mvn -B -pl activities -am test
 * -Dtest=PrometheusReleaseTest -Dsurefire.failIfNoSpecifiedTests=false}; the rollback test prints
 * "first bad scrape -> all traffic on blue: N ms".
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class PrometheusReleaseTest {
  private static final Duration LIMIT = Duration.ofSeconds(90);

  /** The error rate of the new color, against the live one while it serves (compare: live). */
  private static final String ERROR_RATE =
      "{name: error-rate, query: 'sum(rate(http_requests_total{app=\"${APP}\",color=\"${COLOR}\","
          + "code=~\"5..\"}[${WINDOW}])) / sum(rate(http_requests_total{app=\"${APP}\","
          + "color=\"${COLOR}\"}[${WINDOW}]))', alert: 0.02, rollback: 0.05, compare: live}";

  @TempDir Path dir;
  private MeteredColor blue;
  private MeteredColor green;
  private EmbeddedProxy router;
  private PrometheusProcess prometheus;
  private ReleaseRunner runner;
  private Users users;

  @BeforeEach
  void start() throws Exception {
    blue = new MeteredColor("blue");
    green = new MeteredColor("green");
    router =
        EmbeddedProxy.start(
            "127.0.0.1:0",
            "127.0.0.1:0",
            BlueGreenStand.ROUTER_TOKEN,
            URI.create(blue.url()),
            URI.create(green.url()),
            dir.resolve("router.json"));
    prometheus =
        PrometheusProcess.start(
            dir,
            Map.of(
                blue.hostPort(), Map.of("app", "shop", "color", "blue"),
                green.hostPort(), Map.of("app", "shop", "color", "green")));
    users = new Users(router.url());
    runner = ReleaseRunner.start(new MonitorActivitiesImpl());
    // the baseline needs a few scrapes of real traffic on blue
    prometheus.awaitSeries(
        "histogram_quantile(0.95, sum by (le) (rate("
            + "http_server_requests_seconds_bucket{color=\"blue\"}[2s])))");
  }

  @AfterEach
  void stop() throws Exception {
    if (runner != null) runner.close();
    if (users != null) users.close();
    if (prometheus != null) prometheus.close();
    if (router != null) router.close();
    if (green != null) green.close();
    if (blue != null) blue.close();
  }

  private ReleaseSpec spec(String checks, String more) {
    return SpecBuilder.in(dir)
        .urls(blue.url(), green.url())
        .with("health", "{path: /health, timeout: 10s}")
        .with(
            "router",
            "{type: embedded, url: \""
                + router.url()
                + "\", embedded: {admin: \"127.0.0.1:"
                + router.adminAddress().getPort()
                + "\"}, steps: [50, 100], stepHold: 6s, verifyResponses: 10, verifyTimeout: 10s,"
                + " verify: {header: X-Color}}")
        .with(
            "monitor",
            "{source: prometheus, window: 6s, interval: 2s, prometheus: {url: \""
                + prometheus.url()
                + "\"}"
                + (checks == null ? "" : ", checks: " + checks)
                + more
                + "}")
        .context()
        .spec();
  }

  private ReleaseStatus release(ReleaseSpec spec) throws Exception {
    ReleaseWorkflow wf = runner.start(spec, "2.0.0");
    runner.approve(wf);
    return ReleaseRunner.awaitEnd(wf, LIMIT);
  }

  @Test
  void aGoodVersionGoesLiveOnTheBuiltInChecks() throws Exception {
    ReleaseStatus done = release(spec(null, ", minRequests: 5"));
    assertThat(done.state()).as(done.outcome()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(done.live()).isEqualTo("green");
    assertThat(done.monitor().samples()).isGreaterThanOrEqualTo(6);
    assertThat(done.monitor().breaches()).isZero();
    assertThat(users.colorsSince(users.lastMillis() - 500)).containsOnly("green");
  }

  @Test
  void aVersionFailingOnlyForRealUsersIsRolledBackFromPrometheusData() throws Exception {
    green.faulty = true; // /health answers: only the users' page fails
    ReleaseStatus done = release(spec("[" + ERROR_RATE + "]", ", minRequests: 5"));
    assertThat(done.state()).as(done.outcome()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(done.outcome()).contains("error-rate").contains("of blue (live)");
    assertThat(done.live()).isEqualTo("blue");
    assertThat(done.trafficPercent()).isZero();
    long back = users.lastColorMillis("green");
    // the users' requests after the rollback: wait until some have been answered
    long deadline = System.currentTimeMillis() + 10_000;
    while (users.lastMillis() < back + 1_000 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(users.colorsSince(back + 200)).containsOnly("blue");
    System.out.println(
        "first bad scrape -> all traffic on blue: "
            + (back - green.firstBadScrapeMillis())
            + " ms");
  }

  @Test
  void aCheckWithoutDataIsInconclusiveAndThenDoesWhatTheSpecSays() throws Exception {
    ReleaseStatus done =
        release(
            spec(
                "[{name: signups, query: 'sum(rate(signups_total{color=\"${COLOR}\"}[${WINDOW}]))',"
                    + " alert: 0.5x, direction: below}]",
                ", inconclusive: {after: 2, then: rollback}"));
    assertThat(done.state()).as(done.outcome()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(done.outcome())
        .contains("2 inconclusive samples in a row")
        .contains("signups: no data (the query returned no series)");
    assertThat(done.monitor().inconclusive()).isEqualTo(2);
    assertThat(done.live()).isEqualTo("blue");
  }

  @Test
  void aPromqlErrorIsAClearMessageAndNothingIsSwitched() throws Exception {
    ReleaseStatus done =
        release(
            spec(
                "[{name: broken, query: 'sum(rate(http_requests_total[${WINDOW}])', alert: 1}]",
                ""));
    assertThat(done.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(done.outcome())
        .containsIgnoringCase("monitor check broken: Prometheus refused the query: bad_data:")
        .contains("unclosed left parenthesis")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(done.trafficPercent()).isZero();
    assertThat(users.colorsSince(0)).containsOnly("blue");
  }

  /** Users: two clients sending GET / through the router, every answer's time and color kept. */
  private static final class Users implements AutoCloseable {
    private record Answer(long millis, String color) {}

    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Users(String url) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest get =
          HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofSeconds(5)).build();
      for (int i = 0; i < 2; i++) {
        Thread t =
            new Thread(
                () -> {
                  while (running) {
                    try {
                      HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                      String color = r.headers().firstValue("X-Color").orElse("?");
                      answers.add(new Answer(System.currentTimeMillis(), color));
                      Thread.sleep(10);
                    } catch (InterruptedException e) {
                      return;
                    } catch (Exception e) {
                      answers.add(new Answer(System.currentTimeMillis(), "error"));
                    }
                  }
                },
                "users-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    long lastMillis() {
      return answers.stream().mapToLong(Answer::millis).max().orElse(0);
    }

    long lastColorMillis(String color) {
      return answers.stream()
          .filter(a -> a.color().equals(color))
          .mapToLong(Answer::millis)
          .max()
          .orElse(0);
    }

    List<String> colorsSince(long millis) {
      return answers.stream().filter(a -> a.millis() >= millis).map(Answer::color).toList();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      for (Thread t : threads) t.join(5000);
    }
  }
}
