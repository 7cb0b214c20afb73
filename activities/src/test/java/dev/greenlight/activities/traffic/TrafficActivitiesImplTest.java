package dev.greenlight.activities.traffic;

import static dev.greenlight.activities.Failures.applicationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.greenlight.activities.LocalProxy;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.TrafficActivities;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.HealthSpec;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.ColorBackend.Reply;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verifyServing through a real proxy in front of two real servers. */
class TrafficActivitiesImplTest {
  @TempDir Path dir;
  private TestActivityEnvironment env;
  private TrafficActivities traffic;
  private ColorBackend blue;
  private ColorBackend green;
  private final AtomicReference<String> target = new AtomicReference<>();
  private LocalProxy router;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new TrafficActivitiesImpl());
    traffic =
        env.newActivityStub(
            TrafficActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    blue =
        ColorBackend.start().on("/health", Reply.ok("{\"status\":\"UP\",\"version\":\"1.0.0\"}"));
    green =
        ColorBackend.start().on("/health", Reply.ok("{\"status\":\"UP\",\"version\":\"2.0.0\"}"));
    target.set(blue.url());
    router = LocalProxy.start(target::get);
  }

  @AfterEach
  void tearDown() {
    env.close();
    router.close();
    blue.close();
    green.close();
  }

  @Test
  void passesWhenTheRouterServesTheColor() {
    target.set(green.url());

    String detail = traffic.verifyServing(context("version", 5, "5s"), Color.GREEN);

    assertThat(detail)
        .startsWith(
            "5 consecutive responses through " + router.url() + " from green (version '2.0.0')");
    assertThat(green.hits("/health")).isGreaterThanOrEqualTo(6); // 5 through the router, 1 direct
  }

  @Test
  void failsWithWhatWasSeenWhenTheRouterStillServesTheOldColor() {
    ApplicationFailure f =
        applicationFailure(
            catchThrowable(() -> traffic.verifyServing(context("version", 5, "1s"), Color.GREEN)));

    assertThat(f.getType()).isEqualTo("VerificationFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .startsWith(
            "green is not serving "
                + router.url()
                + "/health: 0 of 5 consecutive responses came from it within router.verifyTimeout"
                + " 1.0s")
        .contains("last other answer: version '1.0.0'")
        .contains("green reports version '2.0.0' directly, blue reports version '1.0.0'");
  }

  @Test
  void waitsThroughAMomentWhereTheRouterServesBothColors() {
    target.set(green.url());
    AtomicInteger n = new AtomicInteger();
    router.close();
    // the first six answers alternate, as a reloading proxy's old and new workers would
    router =
        LocalProxy.start(
            () -> n.incrementAndGet() <= 6 && n.get() % 2 == 0 ? blue.url() : green.url());

    String detail = traffic.verifyServing(context("version", 5, "5s"), Color.GREEN);

    assertThat(detail)
        .contains("5 consecutive responses")
        .contains("from green")
        .containsPattern("\\(\\d+ requests\\)");
    assertThat(blue.hits("/health")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void colorsReportingTheSameVersionCannotProveTheSwitch() {
    green.on("/health", Reply.ok("{\"version\":\"1.0.0\"}"));
    target.set(green.url());

    ApplicationFailure f =
        applicationFailure(
            catchThrowable(() -> traffic.verifyServing(context("version", 3, "5s"), Color.GREEN)));

    assertThat(f.getType()).isEqualTo("VerificationFailed");
    assertThat(f.getOriginalMessage())
        .startsWith("cannot prove that green serves " + router.url())
        .contains(
            "green and blue both report version '1.0.0' directly, so answers through the router"
                + " cannot be told apart");
  }

  @Test
  void anOldSpecWithoutVersionFieldDoesNotPassWhileTrafficStaysOnBlue() {
    // both colors answer /health alike; the router never leaves blue
    blue.on("/health", Reply.ok("{\"status\":\"UP\"}"));
    green.on("/health", Reply.ok("{\"status\":\"UP\"}"));

    ApplicationFailure f =
        applicationFailure(
            catchThrowable(
                () ->
                    traffic.verifyServing(
                        withoutVersionField(context("version", 3, "2s")), Color.GREEN)));

    assertThat(f.getType()).isEqualTo("VerificationFailed");
    assertThat(f.getOriginalMessage())
        .startsWith("cannot prove that green serves " + router.url())
        .contains("green and blue both report '{\"status\":\"UP\"}' directly")
        .contains("router.verify");
    assertThat(blue.hits("/health")).as("blue was read directly").isGreaterThanOrEqualTo(1);
  }

  @Test
  void aResponseHeaderTellsColorsApartThatAnswerAlike() {
    blue.on(
        "/health",
        x -> {
          x.getResponseHeaders().set("X-Color", "blue");
          return Reply.ok("{\"status\":\"UP\"}");
        });
    green.on(
        "/health",
        x -> {
          x.getResponseHeaders().set("X-Color", "green");
          return Reply.ok("{\"status\":\"UP\"}");
        });
    ReleaseContext byHeader = context(null, 3, "1s", "verify: {header: X-Color}");

    ApplicationFailure stillBlue =
        applicationFailure(catchThrowable(() -> traffic.verifyServing(byHeader, Color.GREEN)));
    target.set(green.url());
    String onGreen = traffic.verifyServing(byHeader, Color.GREEN);

    assertThat(stillBlue.getOriginalMessage())
        .startsWith("green is not serving " + router.url() + "/health")
        .contains("last other answer: X-Color 'blue'");
    assertThat(onGreen)
        .startsWith(
            "3 consecutive responses through " + router.url() + " from green (X-Color 'green')");
  }

  @Test
  void aFieldOnAnotherPathTellsColorsApart() {
    blue.on("/version", Reply.ok("{\"build\": {\"id\": \"b-17\"}}"));
    green.on("/version", Reply.ok("{\"build\": {\"id\": \"b-18\"}}"));
    target.set(green.url());

    String detail =
        traffic.verifyServing(
            context(null, 3, "5s", "verify: {path: /version, field: build.id}"), Color.GREEN);

    assertThat(detail)
        .startsWith(
            "3 consecutive responses through " + router.url() + " from green (build.id 'b-18')");
    assertThat(green.hits("/version")).isGreaterThanOrEqualTo(4);
  }

  @Test
  void withoutVersionFieldTheWholeBodyIdentifiesTheColor() {
    blue.on("/health", Reply.ok("blue 1.0.0\n"));
    green.on("/health", Reply.ok("green 2.0.0\n"));

    String onBlue =
        traffic.verifyServing(withoutVersionField(context("version", 3, "5s")), Color.BLUE);
    ApplicationFailure notGreen =
        applicationFailure(
            catchThrowable(
                () ->
                    traffic.verifyServing(
                        withoutVersionField(context("version", 3, "1s")), Color.GREEN)));

    assertThat(onBlue).contains("from blue ('blue 1.0.0')");
    assertThat(notGreen.getOriginalMessage()).contains("last other answer: 'blue 1.0.0'");
  }

  @Test
  void aColorThatIsDownCannotBeProvenToServe() {
    green.close();
    target.set(green.url());

    ApplicationFailure f =
        applicationFailure(
            catchThrowable(() -> traffic.verifyServing(context("version", 3, "1s"), Color.GREEN)));

    assertThat(f.getType()).isEqualTo("VerificationFailed");
    assertThat(f.getOriginalMessage())
        .contains("cannot tell whether green serves " + router.url())
        .contains("connection refused");
  }

  private ReleaseContext context(String versionField, int responses, String timeout) {
    return context(versionField, responses, timeout, null);
  }

  private ReleaseContext context(
      String versionField, int responses, String timeout, String verify) {
    String field = versionField == null ? "" : ", versionField: " + versionField;
    return SpecBuilder.in(dir)
        .urls(blue.url(), green.url())
        .with("health", "{path: /health" + field + "}")
        .with(
            "router",
            "{type: command, url: \""
                + router.url()
                + "\", verifyResponses: "
                + responses
                + ", verifyTimeout: "
                + timeout
                + (verify == null ? "" : ", " + verify)
                + ", command: {switch: [\"true\"], active: [\"echo\", \"blue\"]}}")
        .context();
  }

  /**
   * The spec as an old history holds it: validated before versionField or router.verify was
   * required.
   */
  private static ReleaseContext withoutVersionField(ReleaseContext ctx) {
    ReleaseSpec s = ctx.spec();
    HealthSpec h = s.health();
    return new ReleaseContext(
        ctx.releaseId(),
        ctx.version(),
        new ReleaseSpec(
            s.app(),
            s.blue(),
            s.green(),
            new HealthSpec(h.path(), h.timeout(), null, h.interval()),
            s.router(),
            s.database(),
            s.smoke(),
            s.approval(),
            s.monitor(),
            s.specFile()));
  }
}
