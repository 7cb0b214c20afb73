package dev.greenlight.activities.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.SmokeActivities;
import dev.greenlight.api.activities.SmokeReport;
import dev.greenlight.api.activities.SmokeReport.CheckResult;
import dev.greenlight.api.model.Color;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.ColorBackend.Reply;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeActivitiesImplTest {
  private static final String CHECKS =
      "["
          + "{name: health, path: /health, expect: 200},"
          + "{name: catalogue, method: GET, path: /api/products, expect: 200, bodyContains: sku},"
          + "{name: order, method: POST, path: /api/orders, expect: 201}]";

  @TempDir Path dir;
  private TestActivityEnvironment env;
  private SmokeActivities smoke;
  private ColorBackend blue;
  private ColorBackend green;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new SmokeActivitiesImpl());
    smoke =
        env.newActivityStub(
            SmokeActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    blue = ColorBackend.start();
    green = ColorBackend.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
    blue.close();
    green.close();
  }

  @Test
  void everyCheckRunsAgainstTheGivenColorAndPasses() {
    serveGoodApp(green);
    serveGoodApp(blue);

    SmokeReport report = smoke.smoke(context(), Color.GREEN);

    assertThat(report.passed()).isTrue();
    assertThat(report.summary()).isEqualTo("3/3 passed");
    assertThat(report.checks())
        .extracting(CheckResult::name)
        .containsExactly("health", "catalogue", "order");
    assertThat(report.checks().get(2).detail()).matches("POST /api/orders: 201 in \\d+ms");
    assertThat(green.hits("/api/orders")).isEqualTo(1);
    assertThat(blue.hits("/api/orders")).as("only the color asked for is checked").isZero();
  }

  @Test
  void wrongStatusMissingTextAndSlowAnswersAreReportedPerCheck() {
    green
        .on("/health", Reply.ok("UP").delayed(300))
        .on("/api/products", Reply.ok("[]"))
        .on("/api/orders", Reply.of(500, "NullPointerException in OrderService"));

    SmokeReport report = smoke.smoke(context(), Color.GREEN);

    assertThat(report.passed()).isFalse();
    assertThat(report.checks().get(0).passed()).isTrue();
    long latency =
        Long.parseLong(report.checks().get(0).detail().replaceAll(".* in (\\d+)ms", "$1"));
    assertThat(latency).isGreaterThanOrEqualTo(300);
    assertThat(report.checks().get(1))
        .isEqualTo(new CheckResult("catalogue", false, report.checks().get(1).detail()));
    assertThat(report.checks().get(1).detail())
        .contains("the body does not contain 'sku'")
        .contains("(body: [])");
    assertThat(report.checks().get(2).passed()).isFalse();
    assertThat(report.checks().get(2).detail())
        .contains("expected 201, got HTTP 500: NullPointerException in OrderService");
    assertThat(report.summary()).startsWith("1/3 passed; catalogue: ");
  }

  @Test
  void aColorThatIsDownFailsEveryCheckWithoutThrowing() {
    String down = "http://127.0.0.1:" + FreePort.find();
    ReleaseContext ctx = SpecBuilder.in(dir).urls(blue.url(), down).with("smoke", CHECKS).context();

    SmokeReport report = smoke.smoke(ctx, Color.GREEN);

    assertThat(report.passed()).isFalse();
    assertThat(report.checks())
        .hasSize(3)
        .allSatisfy(
            c -> {
              assertThat(c.passed()).isFalse();
              assertThat(c.detail()).contains("connection refused");
            });
  }

  private ReleaseContext context() {
    return SpecBuilder.in(dir).urls(blue.url(), green.url()).with("smoke", CHECKS).context();
  }

  private static void serveGoodApp(ColorBackend s) {
    s.on("/health", Reply.ok("UP"))
        .on("/api/products", Reply.ok("[{\"sku\":\"A-1\"}]"))
        .on(
            "/api/orders",
            x ->
                x.getRequestMethod().equals("POST")
                    ? Reply.of(201, "created")
                    : Reply.of(405, "POST only"));
  }
}
