package dev.greenlight.activities.monitor;

import static dev.greenlight.activities.Failures.applicationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.greenlight.activities.monitor.probe.ProbeSource;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.ColorBackend.Reply;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe against a real server standing where router.url points. */
class MonitorActivitiesImplTest {
  @TempDir Path dir;
  private TestActivityEnvironment env;
  private MonitorActivities monitor;
  private ColorBackend router;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new MonitorActivitiesImpl());
    monitor =
        env.newActivityStub(
            MonitorActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setHeartbeatTimeout(Duration.ofSeconds(2))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    router = ColorBackend.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
    router.close();
  }

  @Test
  void baselineIsTheP95OfTwentyRequestsThroughTheRouter() {
    router.on("/api/products", Reply.ok("[]").delayed(30));

    long p95 = monitor.baseline(context(router.url()));

    assertThat(router.hits("/api/products"))
        .isEqualTo(1 + ProbeSource.BASELINE_REQUESTS); // with the warm-up
    assertThat(p95).isBetween(30L, 1000L);
  }

  @Test
  void aBaselineWithNothingAnsweringIsARetryableFailure() {
    ApplicationFailure f =
        applicationFailure(
            catchThrowable(() -> monitor.baseline(context("http://127.0.0.1:" + FreePort.find()))));

    assertThat(f.getType()).isEqualTo("BaselineFailed");
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getOriginalMessage()).contains("all 20 requests").contains("connection refused");
  }

  @Test
  void aHealthyStretchTakesOneSampleEachIntervalAndDoesNotBreach() {
    router.on("/api/products", Reply.ok("[]"));
    Instant before = Instant.now();

    // a generous latency limit: this test is about pacing, and a shared CI core may pause for 100
    // ms
    MonitorReport report =
        monitor.watch(context(router.url(), "3000ms"), Duration.ofSeconds(1), 50);

    assertThat(report.breached()).isFalse();
    assertThat(report.reason()).isNull();
    assertThat(report.samples())
        .hasSize(5)
        .allSatisfy(
            s -> {
              assertThat(s.requests()).isEqualTo(4);
              assertThat(s.errors()).isZero();
              assertThat(s.verdict()).isEqualTo("OK");
              assertThat(Instant.parse(s.at())).isAfterOrEqualTo(before.minusMillis(1));
            });
    assertThat(router.hits("/api/products")).isEqualTo(1 + 20); // one warm-up request, then 5 x 4
    assertThat(Instant.parse(report.samples().get(4).at()))
        .isAfter(Instant.parse(report.samples().get(0).at()).plusMillis(400));
  }

  @Test
  void serverErrorsAboveTheRollbackRateEndTheStretchEarly() {
    AtomicInteger n = new AtomicInteger();
    // the warm-up and two samples of 4 succeed, then the service breaks
    router.on(
        "/api/products", x -> n.incrementAndGet() <= 9 ? Reply.ok("[]") : Reply.of(500, "boom"));

    long start = System.nanoTime();
    MonitorReport report =
        monitor.watch(context(router.url(), "3000ms"), Duration.ofSeconds(50), 50);
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(report.breached()).isTrue();
    assertThat(report.samples()).hasSize(3);
    assertThat(report.samples())
        .extracting(MonitorSample::verdict)
        .containsExactly("OK", "OK", "ROLLBACK");
    assertThat(report.reason())
        .contains("error rate 100.0% above the rollback threshold 5.0%")
        .contains("HTTP 500: boom");
    assertThat(tookMs).isLessThan(30_000); // it did not sit out the 50 s
  }

  @Test
  void latencyAboveTheBaselineFactorIsARollback() {
    router.on("/api/products", Reply.ok("[]").delayed(250));

    MonitorReport report = monitor.watch(context(router.url()), Duration.ofSeconds(5), 50);

    assertThat(report.breached()).isTrue();
    assertThat(report.samples()).hasSize(1);
    assertThat(report.samples().get(0).p95Ms()).isGreaterThanOrEqualTo(250);
    assertThat(report.reason()).contains("above the rollback threshold 100ms (2.0x)");
  }

  @Test
  void aRouterThatStopsAnsweringCountsAsErrors() {
    router.on("/api/products", Reply.ok("[]"));
    String url = router.url();
    router.close();

    MonitorReport report = monitor.watch(context(url), Duration.ofSeconds(5), 50);

    assertThat(report.breached()).isTrue();
    assertThat(report.samples().get(0).errors()).isEqualTo(4);
    assertThat(report.reason()).contains("connection refused");
  }

  @Test
  void cancellingTheActivityStopsTheWatch() throws Exception {
    router.on("/api/products", Reply.ok("[]"));
    ReleaseContext ctx = context(router.url(), "3000ms");
    CompletableFuture<MonitorReport> watching =
        CompletableFuture.supplyAsync(() -> monitor.watch(ctx, Duration.ofSeconds(40), 50));
    while (router.hits("/api/products") < 4) Thread.sleep(20);

    env.requestCancelActivity();
    Throwable thrown = catchThrowable(() -> watching.get(20, TimeUnit.SECONDS));

    assertThat(thrown).hasRootCauseInstanceOf(CanceledFailure.class);
  }

  private ReleaseContext context(String routerUrl) {
    return context(routerUrl, "2.0x");
  }

  private ReleaseContext context(String routerUrl, String p95Rollback) {
    return SpecBuilder.in(dir)
        .with("health", "{path: /health, versionField: version}")
        .with(
            "router",
            "{type: command, url: \""
                + routerUrl
                + "\", command: {switch: [\"true\"], active: [\"echo\", \"blue\"]}}")
        .with(
            "monitor",
            "{window: 1m, interval: 200ms, path: /api/products, requestsPerSample: 4, "
                + "errorRate: {alert: 0.03, rollback: 0.05}, p95: {alert: 1000ms, rollback: "
                + p95Rollback
                + "}}")
        .context();
  }
}
