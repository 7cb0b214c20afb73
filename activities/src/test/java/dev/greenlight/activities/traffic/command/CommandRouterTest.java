package dev.greenlight.activities.traffic.command;

import static dev.greenlight.activities.Failures.applicationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.greenlight.activities.LocalProxy;
import dev.greenlight.activities.traffic.TrafficActivitiesImpl;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.TrafficActivities;
import dev.greenlight.api.model.Color;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.ColorBackend.Reply;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command router with real scripts that keep the live color in a file, and a real proxy that
 * reads the same file: what an operator with a home-made load balancer would have.
 */
class CommandRouterTest {
  @TempDir Path dir;
  private TestActivityEnvironment env;
  private TrafficActivities traffic;
  private ColorBackend blue;
  private ColorBackend green;
  private LocalProxy router;

  @BeforeEach
  void setUp() throws Exception {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new TrafficActivitiesImpl());
    traffic =
        env.newActivityStub(
            TrafficActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    blue = ColorBackend.start().on("/health", Reply.ok("{\"version\":\"1.0.0\"}"));
    green = ColorBackend.start().on("/health", Reply.ok("{\"version\":\"2.0.0\"}"));
    router = LocalProxy.start(() -> live().equals("green") ? green.url() : blue.url());
    Files.writeString(dir.resolve("live"), "blue\n");
    script(
        "switch.sh",
        "echo \"$1\" > live\n"
            + "echo x >> switch-runs\n"
            + "echo \"now on $GREENLIGHT_COLOR for $GREENLIGHT_RELEASE\"");
    script("active.sh", "cat live");
  }

  @AfterEach
  void tearDown() {
    env.close();
    router.close();
    blue.close();
    green.close();
  }

  @Test
  void readsTheLiveColorFromTheActiveScript() throws Exception {
    assertThat(traffic.liveColor(context())).isEqualTo(Color.BLUE);
    Files.writeString(dir.resolve("live"), "  green \n");
    assertThat(traffic.liveColor(context())).isEqualTo(Color.GREEN);
  }

  @Test
  void switchesWithTheColorAndProvesItThroughTheRouter() throws Exception {
    ReleaseContext ctx = context();

    String detail = traffic.switchTo(ctx, Color.GREEN, 100);
    String proof = traffic.verifyServing(ctx, Color.GREEN);

    assertThat(detail)
        .matches("switched blue -> green in \\d+ms: now on green for shop-2.0.0-k3f9");
    assertThat(live()).isEqualTo("green");
    assertThat(switchRuns()).isEqualTo(1);
    assertThat(proof).contains("from green (version '2.0.0')");
  }

  @Test
  void switchingToTheLiveColorRunsNoHook() throws Exception {
    ReleaseContext ctx = context();
    traffic.switchTo(ctx, Color.GREEN, 100);

    String again = traffic.switchTo(ctx, Color.GREEN, 100);

    assertThat(again).isEqualTo("already on green");
    assertThat(switchRuns()).isEqualTo(1);
  }

  @Test
  void aPartialShareIsRefusedWithoutRunningTheHook() throws Exception {
    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> traffic.switchTo(context(), Color.GREEN, 50)));

    assertThat(f.getType()).isEqualTo("SwitchFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains("can only send all traffic (100%) to one color, not 50%");
    assertThat(switchRuns()).isZero();
    assertThat(live()).isEqualTo("blue");
  }

  @Test
  void anActiveScriptPrintingSomethingElseIsAClearNonRetryableError() throws Exception {
    script("active.sh", "echo 'blue is live since monday'");

    ApplicationFailure f = applicationFailure(catchThrowable(() -> traffic.liveColor(context())));

    assertThat(f.getType()).isEqualTo("RouterFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains(
            "router.command.active (./active.sh) must print one line, blue or green; it printed"
                + " 'blue is live since monday'");
  }

  @Test
  void aFailingSwitchScriptIsRetryableAndShowsItsOutput() throws Exception {
    script("switch.sh", "echo 'lb api: 503 service unavailable' >&2\nexit 1");

    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> traffic.switchTo(context(), Color.GREEN, 100)));

    assertThat(f.getType()).isEqualTo("SwitchFailed");
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getOriginalMessage())
        .contains("exited 1")
        .contains("lb api: 503 service unavailable");
  }

  @Test
  void aSwitchScriptThatChangesNothingIsCaught() throws Exception {
    script("switch.sh", "echo switched");

    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> traffic.switchTo(context(), Color.GREEN, 100)));

    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains("exited 0 but active still reports blue, not green");
  }

  @Test
  void aMissingSwitchScriptIsNotRetried() throws Exception {
    Files.delete(dir.resolve("switch.sh"));

    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> traffic.switchTo(context(), Color.GREEN, 100)));

    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains("router.command.switch (./switch.sh ${COLOR}) exited 127");
  }

  private ReleaseContext context() {
    return SpecBuilder.in(dir)
        .urls(blue.url(), green.url())
        .with("health", "{path: /health, versionField: version}")
        .with(
            "router",
            "{type: command, url: \""
                + router.url()
                + "\", verifyResponses: 5, verifyTimeout: 5s, "
                + "command: {switch: [\"./switch.sh\", \"${COLOR}\"], active: [\"./active.sh\"]}}")
        .context();
  }

  private String live() {
    try {
      return Files.readString(dir.resolve("live")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int switchRuns() throws IOException {
    Path runs = dir.resolve("switch-runs");
    return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
  }

  private void script(String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
