package dev.greenlight.activities.deploy;

import static dev.greenlight.activities.Failures.applicationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.greenlight.activities.TestSpecs;
import dev.greenlight.workflows.activities.DeployActivities;
import dev.greenlight.workflows.activities.ReleaseContext;
import dev.greenlight.workflows.model.Color;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployActivitiesImplTest {
  @TempDir Path dir;
  private TestActivityEnvironment env;
  private DeployActivities deploy;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new DeployActivitiesImpl());
    deploy = env.newActivityStub(DeployActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void runsTheColorsHookWithTheReleaseVariables() throws Exception {
    script("deploy.sh", "echo \"$1 $2 $GREENLIGHT_APP $GREENLIGHT_RELEASE $GREENLIGHT_COLOR\" > deployed.txt\necho building\necho deployed $2 to $1");
    ReleaseContext ctx = spec("[\"./deploy.sh\", \"${COLOR}\", \"${VERSION}\"]", "10m");

    String detail = deploy.deploy(ctx, Color.GREEN);

    assertThat(detail).matches("exit 0 in \\d+\\.\\ds: deployed 2\\.0\\.0 to green");
    assertThat(Files.readString(dir.resolve("deployed.txt"))).isEqualTo("green 2.0.0 shop shop-2.0.0-k3f9 green\n");
  }

  @Test
  void aFailingHookIsANonRetryableDeployFailedWithTheOutputTail() throws Exception {
    script("deploy.sh", "echo \"pulling image shop:$GREENLIGHT_VERSION\"\necho 'error: image not found' >&2\nexit 3");
    ReleaseContext ctx = spec("[\"./deploy.sh\"]", "10m");

    ApplicationFailure f = applicationFailure(catchThrowable(() -> deploy.deploy(ctx, Color.BLUE)));

    assertThat(f.getType()).isEqualTo("DeployFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains("deploy hook for blue exited 3")
        .contains("pulling image shop:2.0.0")
        .contains("error: image not found");
  }

  @Test
  void aHookRunningPastDeployTimeoutIsKilledAndFails() throws Exception {
    script("deploy.sh", "echo $$ > hook.pid\necho waiting for rollout\nsleep 300");
    ReleaseContext ctx = spec("[\"./deploy.sh\"]", "1s");

    ApplicationFailure f = applicationFailure(catchThrowable(() -> deploy.deploy(ctx, Color.GREEN)));

    assertThat(f.getType()).isEqualTo("DeployFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage()).contains("did not finish within deployTimeout 1s and was killed").contains("waiting for rollout");
    assertThat(processGone(Long.parseLong(Files.readString(dir.resolve("hook.pid")).trim()))).isTrue();
  }

  @Test
  void cancellingTheActivityKillsTheRunningHook() throws Exception {
    script("deploy.sh", "echo $$ > hook.pid\nsleep 300");
    ReleaseContext ctx = spec("[\"./deploy.sh\"]", "10m");

    CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> deploy.deploy(ctx, Color.GREEN));
    Path pidFile = dir.resolve("hook.pid");
    for (int i = 0; i < 100 && !(Files.exists(pidFile) && Files.size(pidFile) > 0); i++) Thread.sleep(50);
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    env.requestCancelActivity();

    Throwable thrown = catchThrowable(() -> running.get(30, TimeUnit.SECONDS));

    assertThat(thrown).isNotNull();
    assertThat(thrown).hasRootCauseInstanceOf(CanceledFailure.class);
    assertThat(processGone(pid)).as("the hook is killed when the release is cancelled").isTrue();
  }

  private ReleaseContext spec(String deployHook, String timeout) {
    String env = "{url: \"http://127.0.0.1:%d\", deploy: " + deployHook + ", deployTimeout: " + timeout + "}";
    return TestSpecs.in(dir).with("environments",
        "{blue: " + String.format(env, 1) + ", green: " + String.format(env, 2) + "}").context();
  }

  private void script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static boolean processGone(long pid) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) return true;
      Thread.sleep(100);
    }
    return false;
  }
}
