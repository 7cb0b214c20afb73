package dev.greenlight.activities.deploy;

import static dev.greenlight.activities.Failures.applicationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.greenlight.activities.deploy.DeployActivitiesImpl.HookMarker;
import dev.greenlight.api.activities.DeployActivities;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.Hook;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.ColorBackend.Reply;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployActivitiesImplTest {
  @TempDir Path dir;
  private TestActivityEnvironment env;
  private DeployActivities deploy;
  private DeployActivitiesImpl impl;

  @BeforeEach
  void setUp() {
    useWorkerEnvironment(System.getenv());
  }

  /** The activity as a worker whose environment is {@code workerEnv} (plus PATH) runs it. */
  private void useWorkerEnvironment(Map<String, String> workerEnv) {
    if (env != null) env.close();
    Map<String, String> environment = new HashMap<>(workerEnv);
    environment.put("PATH", System.getenv("PATH"));
    env = TestActivityEnvironment.newInstance();
    impl = new DeployActivitiesImpl(environment);
    env.registerActivitiesImplementations(impl);
    deploy =
        env.newActivityStub(
            DeployActivities.class,
            ActivityOptions.newBuilder()
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
    script(
        "deploy.sh",
        "echo \"$1 $2 $GREENLIGHT_APP $GREENLIGHT_RELEASE $GREENLIGHT_COLOR\" > deployed.txt\n"
            + "echo building\n"
            + "echo deployed $2 to $1");
    ReleaseContext ctx = spec("[\"./deploy.sh\", \"${COLOR}\", \"${VERSION}\"]", "10m");

    String detail = deploy.deploy(ctx, Color.GREEN);

    assertThat(detail).matches("exit 0 in \\d+\\.\\ds: deployed 2\\.0\\.0 to green");
    assertThat(Files.readString(dir.resolve("deployed.txt")))
        .isEqualTo("green 2.0.0 shop shop-2.0.0-k3f9 green\n");
  }

  @Test
  void aFailingHookIsANonRetryableDeployFailedWithTheOutputTail() throws Exception {
    script(
        "deploy.sh",
        "echo \"pulling image shop:$GREENLIGHT_VERSION\"\n"
            + "echo 'error: image not found' >&2\n"
            + "exit 3");
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

    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> deploy.deploy(ctx, Color.GREEN)));

    assertThat(f.getType()).isEqualTo("DeployFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains("did not finish within deployTimeout 1s and was killed")
        .contains("waiting for rollout");
    assertThat(processGone(Long.parseLong(Files.readString(dir.resolve("hook.pid")).trim())))
        .isTrue();
  }

  @Test
  void cancellingTheActivityKillsTheRunningHook() throws Exception {
    script("deploy.sh", "echo $$ > hook.pid\nsleep 300");
    ReleaseContext ctx = spec("[\"./deploy.sh\"]", "10m");

    CompletableFuture<String> running =
        CompletableFuture.supplyAsync(() -> deploy.deploy(ctx, Color.GREEN));
    Path pidFile = dir.resolve("hook.pid");
    for (int i = 0; i < 100 && !(Files.exists(pidFile) && Files.size(pidFile) > 0); i++)
      Thread.sleep(50);
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    env.requestCancelActivity();

    Throwable thrown = catchThrowable(() -> running.get(30, TimeUnit.SECONDS));

    assertThat(thrown).isNotNull();
    assertThat(thrown).hasRootCauseInstanceOf(CanceledFailure.class);
    assertThat(processGone(pid)).as("the hook is killed when the release is cancelled").isTrue();
  }

  @Test
  void aStringHookGetsThePlaceholdersAsWordsInAnyQuoting() throws Exception {
    ReleaseContext ctx = spec("\"echo \\\"${VERSION}\\\" '${COLOR}' ${APP} > got.txt\"", "10m");

    deploy.deploy(ctx, Color.GREEN);

    assertThat(Files.readString(dir.resolve("got.txt"))).isEqualTo("2.0.0 green shop\n");
  }

  @Test
  void aVersionThatIsNotAReleaseVersionIsRefusedWithoutRunningTheHook() throws Exception {
    ReleaseContext ctx =
        SpecBuilder.in(dir)
            .with(
                "environments",
                "{blue: {url: \"http://127.0.0.1:1\", deploy: \"echo ran > ran.txt; echo"
                    + " ${VERSION}\"}, green: {url: \"http://127.0.0.1:2\", deploy: \"echo ran >"
                    + " ran.txt; echo ${VERSION}\"}}")
            .context("1.0; touch pwned");

    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> deploy.deploy(ctx, Color.GREEN)));

    assertThat(f.getType()).isEqualTo("InvalidVersion");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage()).contains("'1.0; touch pwned' is not a release version");
    assertThat(dir.resolve("ran.txt")).doesNotExist();
    assertThat(dir.resolve("pwned")).doesNotExist();
  }

  // ---- what a hook prints is recorded masked and bounded
  // ------------------------------------------

  private static final Map<String, String> WORKER_SECRETS =
      Map.of(
          "SHOP_DB_PASS",
          "pw-Zebra-1234",
          "DEPLOY_TOKEN",
          "tok-Heron-9876",
          "REGISTRY_PASSWORD",
          "reg-Otter-5555");

  @Test
  void secretsAHookPrintsNeverReachTheStepDetailOrTheFailure() throws Exception {
    useWorkerEnvironment(WORKER_SECRETS);
    script(
        "deploy.sh",
        "echo \"db $SHOP_DB_PASS token $DEPLOY_TOKEN registry $REGISTRY_PASSWORD\"\n"
            + "echo \"last: $SHOP_DB_PASS\"\n[ -f fail ] && exit 3\nexit 0");
    ReleaseContext ctx =
        SpecBuilder.in(dir)
            .with(
                "environments",
                "{blue: {url: \"http://127.0.0.1:1\", deploy: [\"./deploy.sh\"]}, "
                    + "green: {url: \"http://127.0.0.1:2\", deploy: [\"./deploy.sh\"]}}")
            .with(
                "database",
                "{url: \"jdbc:postgresql://127.0.0.1:1/shop\", user: shop, passwordEnv:"
                    + " SHOP_DB_PASS, migrations: \""
                    + dir
                    + "\"}")
            .context();

    String detail = deploy.deploy(ctx, Color.GREEN);
    Files.writeString(dir.resolve("fail"), "");
    ApplicationFailure f = applicationFailure(catchThrowable(() -> deploy.deploy(ctx, Color.BLUE)));

    assertThat(detail)
        .isEqualTo("exit 0 in " + detail.substring(10, detail.indexOf(':')) + ": last: ********");
    assertThat(f.getOriginalMessage()).contains("db ******** token ******** registry ********");
    for (String secret : WORKER_SECRETS.values()) {
      assertThat(detail).doesNotContain(secret);
      assertThat(f.getOriginalMessage()).doesNotContain(secret);
    }
  }

  @Test
  void aHookPrintingTenMegabytesOnOneLineLeavesABoundedTail() throws Exception {
    script(
        "deploy.sh",
        "for i in $(seq 1 30); do echo \"line $i\"; done\n"
            + "head -c 10000000 /dev/zero | tr '\\0' x\necho\necho 'error: disk full'\nexit 1");
    ReleaseContext ctx = spec("[\"./deploy.sh\"]", "10m");

    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> deploy.deploy(ctx, Color.GREEN)));

    String message = f.getOriginalMessage();
    assertThat(message).endsWith("error: disk full");
    assertThat(message.length()).as("message length").isLessThan(5000);
    assertThat(message.lines().count()).isLessThanOrEqualTo(22);
  }

  // ---- exactly once: a retry after a lost worker
  // --------------------------------------------------

  @Test
  void theMarkerIsRecordedBeforeTheHookStartsAndRepeatedWhileItRuns() throws Exception {
    script("deploy.sh", "sleep 2\necho \"$GREENLIGHT_RELEASE\" >> deploys.log");
    ReleaseContext ctx = spec("[\"./deploy.sh\"]", "10m");
    List<HookMarker> beats = new CopyOnWriteArrayList<>();
    List<Boolean> hookHadRun = new CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(
        HookMarker.class,
        m -> {
          beats.add(m);
          hookHadRun.add(Files.exists(dir.resolve("deploys.log")));
        });

    deploy.deploy(ctx, Color.GREEN);

    assertThat(beats)
        .as("heartbeats while a 2 s hook runs")
        .hasSizeGreaterThanOrEqualTo(2)
        .allMatch(
            m ->
                m.release().equals(SpecBuilder.RELEASE)
                    && m.color().equals("green")
                    && m.version().equals(SpecBuilder.VERSION)
                    && !m.hookStopped());
    assertThat(hookHadRun.get(0))
        .as("the first heartbeat comes before the hook wrote anything")
        .isFalse();
    assertThat(deployCount()).isEqualTo(1);
  }

  @Test
  void aRetryFindingTheEarlierHooksMarkerAndTheVersionLiveDoesNotRunTheHookAgain()
      throws Exception {
    script("deploy.sh", "echo \"$GREENLIGHT_RELEASE\" >> deploys.log");
    try (ColorBackend green =
        ColorBackend.start().on("/health", Reply.ok("{\"status\":\"UP\",\"version\":\"2.0.0\"}"))) {
      ReleaseContext ctx = versionedSpec(Color.GREEN, green.url(), "10m");
      env.setHeartbeatDetails(
          new HookMarker(SpecBuilder.RELEASE, "green", SpecBuilder.VERSION, 1, false));

      String detail = deploy.deploy(ctx, Color.GREEN);

      assertThat(detail)
          .startsWith("already deployed by attempt 1")
          .contains("green reports version 2.0.0")
          .endsWith("the hook was not run again");
      assertThat(deployCount()).as("deploy hook runs").isZero();
    }
  }

  @Test
  void aRetryWaitsForTheEarlierHookStillRunningToBringTheVersionUp() throws Exception {
    script("deploy.sh", "echo \"$GREENLIGHT_RELEASE\" >> deploys.log");
    long up = System.nanoTime() + Duration.ofMillis(1500).toNanos();
    try (ColorBackend green =
        ColorBackend.start()
            .on(
                "/health",
                x ->
                    System.nanoTime() < up
                        ? Reply.ok("{\"version\":\"1.0.0\"}")
                        : Reply.ok("{\"version\":\"2.0.0\"}"))) {
      ReleaseContext ctx = versionedSpec(Color.GREEN, green.url(), "10m");
      env.setHeartbeatDetails(
          new HookMarker(SpecBuilder.RELEASE, "green", SpecBuilder.VERSION, 2, false));

      String detail = deploy.deploy(ctx, Color.GREEN);

      assertThat(detail).startsWith("already deployed by attempt 2");
      assertThat(green.hits("/health")).as("polled until the version showed").isGreaterThan(1);
      assertThat(deployCount()).isZero();
    }
  }

  @Test
  void aRetryWhoseColorNeverReportsTheVersionFailsWithoutRunningTheHookAgain() throws Exception {
    script("deploy.sh", "echo \"$GREENLIGHT_RELEASE\" >> deploys.log");
    try (ColorBackend green =
        ColorBackend.start().on("/health", Reply.ok("{\"version\":\"1.0.0\"}"))) {
      ReleaseContext ctx = versionedSpec(Color.GREEN, green.url(), "2s");
      env.setHeartbeatDetails(
          new HookMarker(SpecBuilder.RELEASE, "green", SpecBuilder.VERSION, 1, false));

      ApplicationFailure f =
          applicationFailure(catchThrowable(() -> deploy.deploy(ctx, Color.GREEN)));

      assertThat(f.getType()).isEqualTo("DeployFailed");
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage())
          .contains("the worker running attempt 1 was lost while the deploy hook ran")
          .contains("did not report version '2.0.0'")
          .contains("within deployTimeout 2s")
          .contains("last answer: version '1.0.0'")
          .contains("start a new release");
      assertThat(deployCount()).isZero();
    }
  }

  @Test
  void aMarkerOfAHookTheEarlierAttemptStoppedItselfRunsTheHookAgain() throws Exception {
    script("deploy.sh", "echo \"$GREENLIGHT_RELEASE\" >> deploys.log\necho deployed");
    try (ColorBackend green =
        ColorBackend.start().on("/health", Reply.ok("{\"version\":\"1.0.0\"}"))) {
      ReleaseContext ctx = versionedSpec(Color.GREEN, green.url(), "10m");
      env.setHeartbeatDetails(
          new HookMarker(SpecBuilder.RELEASE, "green", SpecBuilder.VERSION, 1, true));

      assertThat(deploy.deploy(ctx, Color.GREEN)).endsWith(": deployed");
      assertThat(deployCount()).isEqualTo(1);
    }
  }

  @Test
  void stoppingHooksAtTheEndOfTheDrainKillsTheHookRecordsItAsStoppedAndFailsRetryably()
      throws Exception {
    script("deploy.sh", "echo $$ > hook.pid\nsleep 300");
    ReleaseContext ctx = spec("[\"./deploy.sh\"]", "10m");

    CompletableFuture<String> running =
        CompletableFuture.supplyAsync(() -> deploy.deploy(ctx, Color.GREEN));
    Path pidFile = dir.resolve("hook.pid");
    for (int i = 0; i < 100 && !(Files.exists(pidFile) && Files.size(pidFile) > 0); i++)
      Thread.sleep(50);
    impl.stopHooks(); // what the worker does when its drain timeout passes

    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> running.get(30, TimeUnit.SECONDS)));

    assertThat(f.getType()).isEqualTo("DeployInterrupted");
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getOriginalMessage()).contains("the next attempt runs the hook again");
    // the stopped marker travels with the failure (throttled heartbeat): ReleaseWorkerShutdownTest
    // shows the retry
    assertThat(processGone(Long.parseLong(Files.readString(pidFile).trim()))).isTrue();
  }

  @Test
  void aMarkerOfAnotherColorDoesNotCount() throws Exception {
    script("deploy.sh", "echo \"$GREENLIGHT_RELEASE\" >> deploys.log\necho deployed");
    try (ColorBackend blue =
        ColorBackend.start().on("/health", Reply.ok("{\"version\":\"2.0.0\"}"))) {
      ReleaseContext ctx = versionedSpec(Color.BLUE, blue.url(), "10m");
      env.setHeartbeatDetails(
          new HookMarker(SpecBuilder.RELEASE, "green", SpecBuilder.VERSION, 1, false));

      assertThat(deploy.deploy(ctx, Color.BLUE)).endsWith(": deployed");
      assertThat(deployCount()).isEqualTo(1);
    }
  }

  @Test
  void withoutAVersionFieldTheEffectCannotBeSeenSoTheHookRunsAgainAndSaysSo() throws Exception {
    script("deploy.sh", "echo \"$GREENLIGHT_RELEASE\" >> deploys.log\necho deployed");
    ReleaseContext ctx = spec("[\"./deploy.sh\"]", "10m");
    env.setHeartbeatDetails(
        new HookMarker(SpecBuilder.RELEASE, "green", SpecBuilder.VERSION, 1, false));

    String detail = deploy.deploy(ctx, Color.GREEN);

    assertThat(detail)
        .contains(": deployed (run again by attempt ")
        .contains("the worker of attempt 1 was lost")
        .contains("without health.versionField");
    assertThat(deployCount()).isEqualTo(1);
  }

  @Test
  void aHookWhoseWorkerIsGoneFinishesItsWork() throws Exception {
    // what a killed worker leaves: nobody reads the hook's output any more
    script("deploy.sh", "sleep 1\necho stopping the old app\necho started > deployed.txt");
    Hook hook =
        DeployActivitiesImpl.outlivingTheWorker(
            new Hook(List.of("./deploy.sh"), null, dir.toString()), dir.resolve("deploy.out"));
    Process p =
        new ProcessBuilder(hook.argv()).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getInputStream().close();

    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(dir.resolve("deployed.txt"))
        .as("the hook got past its output after the reader was gone")
        .exists();
    assertThat(Files.readString(dir.resolve("deploy.out")))
        .as("its output")
        .isEqualTo("stopping the old app\n");
  }

  private ReleaseContext spec(String deployHook, String timeout) {
    String env =
        "{url: \"http://127.0.0.1:%d\", deploy: "
            + deployHook
            + ", deployTimeout: "
            + timeout
            + "}";
    return SpecBuilder.in(dir)
        .with(
            "environments",
            "{blue: " + String.format(env, 1) + ", green: " + String.format(env, 2) + "}")
        .context();
  }

  /** {@code color} at {@code url}, the other color nowhere; health with versionField. */
  private ReleaseContext versionedSpec(Color color, String url, String timeout) {
    String env = "{url: \"%s\", deploy: [\"./deploy.sh\"], deployTimeout: " + timeout + "}";
    String here = String.format(env, url);
    String nowhere = String.format(env, "http://127.0.0.1:1");
    return SpecBuilder.in(dir)
        .with(
            "environments",
            "{blue: "
                + (color == Color.BLUE ? here : nowhere)
                + ", green: "
                + (color == Color.GREEN ? here : nowhere)
                + "}")
        .with("health", "{path: /health, timeout: 5s, interval: 100ms, versionField: version}")
        .context();
  }

  private long deployCount() throws Exception {
    Path log = dir.resolve("deploys.log");
    return Files.exists(log)
        ? Files.readAllLines(log).stream().filter(l -> l.equals(SpecBuilder.RELEASE)).count()
        : 0;
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
