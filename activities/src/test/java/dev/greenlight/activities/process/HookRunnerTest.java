package dev.greenlight.activities.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.greenlight.api.spec.Hook;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HookRunnerTest {
  private static final Map<String, String> VARS =
      Map.of("VERSION", "2.0.0", "COLOR", "green", "APP", "shop", "RELEASE", "shop-2.0.0-k3f9");

  @TempDir Path dir;

  @Test
  void placeholdersInArgvAndGreenlightVariablesInTheEnvironment() throws Exception {
    script(
        "show.sh",
        "echo \"args: $1 $2\"\n"
            + "echo \"env: $GREENLIGHT_VERSION $GREENLIGHT_COLOR $GREENLIGHT_APP"
            + " $GREENLIGHT_RELEASE\"\n"
            + "pwd");
    Hook hook =
        new Hook(List.of("./show.sh", "${VERSION}", "${COLOR}-${UNKNOWN}"), null, dir.toString());

    HookRunner.Result r = HookRunner.run(hook, VARS, Duration.ofSeconds(20), null);

    assertThat(r.ok()).isTrue();
    assertThat(r.exitCode()).isZero();
    assertThat(r.tail())
        .isEqualTo(
            "args: 2.0.0 green-${UNKNOWN}\nenv: 2.0.0 green shop shop-2.0.0-k3f9\n"
                + dir.toRealPath());
  }

  @Test
  void aShellStringRunsUnderShWithPlaceholdersReplaced() throws Exception {
    Hook hook =
        new Hook(null, "echo ${APP}/${VERSION} on $GREENLIGHT_COLOR >&2; exit 0", dir.toString());

    HookRunner.Result r = HookRunner.run(hook, VARS, Duration.ofSeconds(20), null);

    assertThat(r.ok()).isTrue();
    assertThat(r.tail()).isEqualTo("shop/2.0.0 on green"); // stderr is merged into the tail
  }

  // ---- placeholders never become shell code
  // ------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.0; touch pwned",
        "$(touch pwned)",
        "`touch pwned`",
        "1.0 && touch pwned",
        "1.0 | touch pwned",
        "1.0\ntouch pwned",
        "it's'; touch pwned; '",
        "\"; touch pwned; \""
      })
  void aHostileValueReachesAShellHookAsOneLiteralWordInEveryQuoting(String hostile)
      throws Exception {
    Map<String, String> vars = new HashMap<>(VARS);
    vars.put("APP", hostile);
    Hook hook =
        new Hook(
            null,
            "printf '[%s]\\n' ${APP} \"${APP}\" 'in single ${APP} quotes' > got.txt",
            dir.toString());

    HookRunner.Result r = HookRunner.run(hook, vars, Duration.ofSeconds(20), null);

    assertThat(r.ok()).as(r.tail()).isTrue();
    assertThat(dir.resolve("pwned")).as("nothing the value says is run").doesNotExist();
    assertThat(Files.readString(dir.resolve("got.txt")))
        .isEqualTo("[" + hostile + "]\n[" + hostile + "]\n[in single " + hostile + " quotes]\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.0; touch pwned",
        "$(touch pwned)",
        "`touch pwned`",
        "1.0 && touch pwned",
        "1.0 | touch pwned",
        "1.0\ntouch pwned"
      })
  void aVersionThatIsNotAReleaseVersionIsRefusedBeforeAnythingRuns(String hostile)
      throws Exception {
    Map<String, String> vars = new HashMap<>(VARS);
    vars.put("VERSION", hostile);

    for (Hook hook :
        List.of(
            new Hook(null, "echo ran > ran.txt; ./deploy.sh ${VERSION}", dir.toString()),
            new Hook(
                List.of("sh", "-c", "echo ran > ran.txt; echo ${VERSION}"),
                null,
                dir.toString()))) {
      ApplicationFailure f =
          catchThrowableOfType(
              ApplicationFailure.class,
              () -> HookRunner.run(hook, vars, Duration.ofSeconds(20), null));

      assertThat(f).as("refused").isNotNull();
      assertThat(f.getType()).isEqualTo("InvalidVersion");
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).contains("is not a release version");
    }
    assertThat(dir.resolve("ran.txt")).as("no hook ran").doesNotExist();
    assertThat(dir.resolve("pwned")).doesNotExist();
  }

  @Test
  void anArgvHookGetsTheValueAsItIsWithoutAShell() throws Exception {
    script("show.sh", "printf '[%s]\\n' \"$1\"");
    Map<String, String> vars = new HashMap<>(VARS);
    vars.put("APP", "a;b $(c) `d` 'e'");

    HookRunner.Result r =
        HookRunner.run(
            new Hook(List.of("./show.sh", "${APP}"), null, dir.toString()),
            vars,
            Duration.ofSeconds(20),
            null);

    assertThat(r.tail()).isEqualTo("[a;b $(c) `d` 'e']");
  }

  @Test
  void secretsTheHookPrintsAreMaskedInItsTail() throws Exception {
    Map<String, String> environment =
        Map.of(
            "PATH",
            System.getenv("PATH"),
            "SHOP_DB_PASS",
            "pw-Zebra-1234",
            "DEPLOY_TOKEN",
            "tok-Heron-9876",
            "REGISTRY_PASSWORD",
            "reg-Otter-5555");
    Hook hook =
        new Hook(
            null,
            "echo \"$SHOP_DB_PASS $DEPLOY_TOKEN $REGISTRY_PASSWORD\"; exit 1",
            dir.toString());

    HookRunner.Result r =
        HookRunner.run(
            hook, VARS, environment, List.of("SHOP_DB_PASS"), Duration.ofSeconds(20), null);

    assertThat(r.tail()).isEqualTo("******** ******** ********");
  }

  @Test
  void aNonZeroExitIsReportedWithOnlyTheLastLinesOfOutput() throws Exception {
    script("fail.sh", "for i in $(seq 1 30); do echo \"line $i\"; done\nexit 3");

    HookRunner.Result r =
        HookRunner.run(
            new Hook(List.of("./fail.sh"), null, dir.toString()),
            VARS,
            Duration.ofSeconds(20),
            null);

    assertThat(r.ok()).isFalse();
    assertThat(r.timedOut()).isFalse();
    assertThat(r.exitCode()).isEqualTo(3);
    List<String> lines = r.tail().lines().toList();
    assertThat(lines).hasSize(HookRunner.TAIL_LINES).startsWith("line 11").endsWith("line 30");
  }

  @Test
  void aTimeoutKillsTheHookAndItsChildren() throws Exception {
    script(
        "hang.sh",
        "sleep 300 &\necho $! > child.pid\necho $$ > parent.pid\necho started\nsleep 300");

    long start = System.nanoTime();
    HookRunner.Result r =
        HookRunner.run(
            new Hook(List.of("./hang.sh"), null, dir.toString()),
            VARS,
            Duration.ofSeconds(1),
            null);
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(r.timedOut()).isTrue();
    assertThat(r.ok()).isFalse();
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(r.tail()).contains("started");
    assertThat(tookMs).isLessThan(60_000); // killed, not waited for
    assertThat(gone(pid("parent.pid"))).as("the hook process is killed").isTrue();
    assertThat(gone(pid("child.pid"))).as("its background child is killed too").isTrue();
  }

  @Test
  void aHookThatReadsInputGetsEndOfFileInsteadOfWaiting() throws Exception {
    script(
        "prompt.sh",
        "echo 'Password:'\n"
            + "if read answer; then echo \"got: $answer\"; else echo 'no terminal'; exit 4; fi");

    HookRunner.Result r =
        HookRunner.run(
            new Hook(List.of("./prompt.sh"), null, dir.toString()),
            VARS,
            Duration.ofSeconds(30),
            null);

    assertThat(r.timedOut()).isFalse();
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.tail()).isEqualTo("Password:\nno terminal");
  }

  @Test
  void heartbeatIsCalledWhileTheHookRuns() throws Exception {
    AtomicInteger beats = new AtomicInteger();

    HookRunner.Result r =
        HookRunner.run(
            new Hook(null, "sleep 2.5", dir.toString()),
            VARS,
            Duration.ofSeconds(20),
            beats::incrementAndGet);

    assertThat(r.ok()).isTrue();
    assertThat(beats.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aHookThatCannotStartIsExit127WithTheReason() throws Exception {
    HookRunner.Result r =
        HookRunner.run(
            new Hook(List.of("./no-such-script.sh"), null, dir.toString()),
            VARS,
            Duration.ofSeconds(5),
            null);

    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.tail()).contains("cannot run ./no-such-script.sh");
  }

  private void script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private long pid(String file) throws Exception {
    return Long.parseLong(Files.readString(dir.resolve(file)).trim());
  }

  /** True once the process is gone (killed children may linger as zombies for a moment). */
  static boolean gone(long pid) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) return true;
      Thread.sleep(100);
    }
    return false;
  }
}
