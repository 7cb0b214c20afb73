package dev.greenlight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code greenlight worker --metrics-port}: scraped after real releases on a real worker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerMetricsTest {
  private static final String QUEUE = "greenlight-metrics-test";

  @TempDir Path dir;
  private TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs stubs;
  private WorkerMetrics metrics;
  private WorkflowClient instrumented;
  private ReleaseWorker worker;
  private final FakeActivities fake = new FakeActivities();

  @BeforeEach
  void start() throws Exception {
    int port = FreePort.find();
    server = TestServer.createPortBoundServer(port);
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    metrics = WorkerMetrics.serve("127.0.0.1", 0);
    instrumented = metrics.instrument(WorkflowClient.newInstance(stubs));
    worker = ReleaseWorker.start(instrumented, QUEUE, List.of(fake), Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() {
    worker.close();
    WorkerMetrics.closeClient(instrumented);
    metrics.close();
    stubs.shutdownNow();
    server.close();
  }

  @Test
  void aScrapeAfterReleasesShowsTheirSeriesAndTheSdks() throws Exception {
    ReleaseClient releases =
        new ReleaseClient(TemporalConnection.using(WorkflowClient.newInstance(stubs), QUEUE));
    SpecBuilder spec = SpecBuilder.in(dir).with("monitor", "{window: 30s, interval: 10s}");
    String good = releases.start(spec.load(), "2.0.0", "carol");
    await(releases, good, s -> s.stage() == Stage.AWAITING_APPROVAL);
    releases.approve(good, "alice", "go");
    assertThat(await(releases, good, s -> s.state().finished()).state())
        .isEqualTo(ReleaseState.SUCCEEDED);
    fake.breachAtSample = 4; // the second release's first sample breaches
    String bad = releases.start(spec.load(), "2.0.1", "carol");
    await(releases, bad, s -> s.stage() == Stage.AWAITING_APPROVAL);
    releases.approve(bad, "alice", "go");
    assertThat(await(releases, bad, s -> s.state().finished()).state())
        .isEqualTo(ReleaseState.ROLLED_BACK);

    // the final state is counted as the workflow ends, a moment after status says so
    String text = scrapeUntil("greenlight_rollbacks_total", "state=\"ROLLED_BACK\"");

    assertThat(value(text, "greenlight_releases_total", "state=\"SUCCEEDED\"")).isEqualTo(1.0);
    assertThat(value(text, "greenlight_releases_total", "state=\"ROLLED_BACK\"")).isEqualTo(1.0);
    assertThat(value(text, "greenlight_rollbacks_total", "app=\"shop\"")).isEqualTo(1.0);
    assertThat(value(text, "greenlight_monitor_samples_total", "verdict=\"OK\"")).isEqualTo(3.0);
    assertThat(value(text, "greenlight_monitor_samples_total", "verdict=\"ROLLBACK\""))
        .isEqualTo(1.0);
    assertThat(value(text, "greenlight_approval_wait_seconds_count", "app=\"shop\""))
        .isEqualTo(2.0);
    // each release's one traffic step, and the rollback's switch back is not one of them
    assertThat(value(text, "greenlight_switch_duration_seconds_count", "app=\"shop\""))
        .isEqualTo(2.0);
    // the SDK's own metrics, through the same scope
    assertThat(text).containsPattern("(?m)^temporal_workflow_completed_total\\{");
    assertThat(text).containsPattern("(?m)^temporal_activity_execution_latency_seconds");
  }

  private String scrapeUntil(String... series) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest get =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics"))
            .build();
    String body = "";
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> answer = http.send(get, HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      body = answer.body();
      String seen = body;
      if (java.util.Arrays.stream(series).allMatch(seen::contains)) return body;
      Thread.sleep(200);
    }
    throw new AssertionError("not all of " + String.join(", ", series) + " in /metrics:\n" + body);
  }

  /** The value of the one sample of {@code name} whose labels contain {@code label}. */
  private static double value(String text, String name, String label) {
    var m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(text);
    double found = Double.NaN;
    while (m.find()) {
      if (m.group(1).contains(label)) {
        assertThat(found).as("one series of %s with %s", name, label).isNaN();
        found = Double.parseDouble(m.group(2));
      }
    }
    assertThat(found).as("%s{%s} in:\n%s", name, label, text).isNotNaN();
    return found;
  }

  private static ReleaseStatus await(
      ReleaseClient releases, String id, Predicate<ReleaseStatus> until) throws Exception {
    ReleaseStatus s = null;
    for (int i = 0; i < 1200; i++) {
      s = releases.status(id);
      if (until.test(s)) return s;
      Thread.sleep(50);
    }
    throw new AssertionError("the release never got there; last: " + s);
  }
}
