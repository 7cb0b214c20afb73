package dev.greenlight.activities.deploy;

import static dev.greenlight.activities.Failures.applicationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.greenlight.api.activities.HealthActivities;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.Color;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.ColorBackend.Reply;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthActivitiesImplTest {
  @TempDir Path dir;
  private TestActivityEnvironment env;
  private HealthActivities health;
  private ColorBackend green;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new HealthActivitiesImpl());
    health =
        env.newActivityStub(
            HealthActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setHeartbeatTimeout(Duration.ofSeconds(5))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    if (green != null) green.close();
  }

  @Test
  void aFreshDeployThatReportsTheVersionIsHealthy() {
    green =
        ColorBackend.start().on("/health", Reply.ok("{\"status\":\"UP\",\"version\":\"2.0.0\"}"));

    String detail = health.awaitHealthy(context(green.url(), "version", "5s"), Color.GREEN);

    assertThat(detail).startsWith("healthy after 1 poll in ").endsWith(", version 2.0.0");
  }

  @Test
  void aServerThatStartsLateIsHealthyAfterAFewPolls() throws Exception {
    int port = FreePort.find();
    CompletableFuture<ColorBackend> late =
        CompletableFuture.supplyAsync(
            () -> {
              sleep(700);
              return ColorBackend.startOn(port).on("/health", Reply.ok("{\"version\":\"2.0.0\"}"));
            });
    try {
      String detail =
          health.awaitHealthy(context("http://127.0.0.1:" + port, "version", "10s"), Color.GREEN);

      int polls = Integer.parseInt(detail.replaceAll("healthy after (\\d+) polls.*", "$1"));
      assertThat(polls).isGreaterThan(2); // connection refused until the server came up
    } finally {
      late.get().close();
    }
  }

  @Test
  void withoutVersionFieldAny200IsHealthyAfterEarlier503s() {
    AtomicInteger calls = new AtomicInteger();
    green =
        ColorBackend.start()
            .on(
                "/health",
                x -> calls.incrementAndGet() < 3 ? Reply.of(503, "starting") : Reply.ok("OK"));

    String detail = health.awaitHealthy(context(green.url(), null, "5s"), Color.GREEN);

    assertThat(detail).startsWith("healthy after 3 polls").endsWith("(HTTP 200)");
  }

  @Test
  void theOldVersionStillAnsweringIsAHealthTimeoutNamingBothVersions() {
    green = ColorBackend.start().on("/health", Reply.ok("{\"version\":\"1.0.0\"}"));

    ApplicationFailure f =
        applicationFailure(
            catchThrowable(
                () -> health.awaitHealthy(context(green.url(), "version", "1s"), Color.GREEN)));

    assertThat(f.getType()).isEqualTo("HealthTimeout");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains(
            "green did not become healthy within health.timeout 1s at " + green.url() + "/health")
        .contains("expected HTTP 200 with version '2.0.0'")
        .contains("last answer: HTTP 200 with version '1.0.0'");
  }

  @Test
  void aServerFailingWith500IsAHealthTimeoutWithItsAnswer() {
    green = ColorBackend.start().on("/health", Reply.of(500, "database connection pool exhausted"));

    ApplicationFailure f =
        applicationFailure(
            catchThrowable(
                () -> health.awaitHealthy(context(green.url(), "version", "1s"), Color.GREEN)));

    assertThat(f.getType()).isEqualTo("HealthTimeout");
    assertThat(f.getOriginalMessage())
        .contains("last answer: HTTP 500: database connection pool exhausted");
  }

  @Test
  void aServerThatNeverAnswersInTimeIsAHealthTimeoutBoundedByTheTimeout() {
    green = ColorBackend.start().on("/health", Reply.ok("{\"version\":\"2.0.0\"}").delayed(60_000));

    long start = System.nanoTime();
    ApplicationFailure f =
        applicationFailure(
            catchThrowable(
                () -> health.awaitHealthy(context(green.url(), "version", "1s"), Color.GREEN)));
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(f.getType()).isEqualTo("HealthTimeout");
    assertThat(f.getOriginalMessage())
        .contains("(1 poll)")
        .contains("last answer: no answer within");
    assertThat(tookMs).as("the poll gave up long before the endpoint's 60 s").isLessThan(30_000);
  }

  @Test
  void nothingListeningIsAHealthTimeoutSayingConnectionRefused() {
    ApplicationFailure f =
        applicationFailure(
            catchThrowable(
                () ->
                    health.awaitHealthy(
                        context("http://127.0.0.1:" + FreePort.find(), null, "1s"), Color.GREEN)));

    assertThat(f.getType()).isEqualTo("HealthTimeout");
    assertThat(f.getOriginalMessage())
        .contains("expected HTTP 200, last answer: connection refused");
  }

  private ReleaseContext context(String greenUrl, String versionField, String timeout) {
    String field = versionField == null ? "" : ", versionField: " + versionField;
    return SpecBuilder.in(dir)
        .urls("http://127.0.0.1:1", greenUrl)
        .with("health", "{path: /health, timeout: " + timeout + ", interval: 100ms" + field + "}")
        .context();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
