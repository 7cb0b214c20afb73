package dev.greenlight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blue-green releases of the demo shop, driven through {@code bin/greenlight} as an operator would,
 * against a real stack ({@link ReleaseStack}): a worker process, PostgreSQL with a password, the
 * embedded proxy behind command-router scripts, the shop restarted by its deploy script.
 *
 * <p>The tests run in order on one stack; each one says which color serves what when it ends: blue
 * serves 1.0.0 at the start, green serves 2.0.0 from the second test on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReleaseEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  static ReleaseStack stack;
  static Path spec;

  @BeforeAll
  static void startTheStack() throws Exception {
    stack = ReleaseStack.start(dir);
    stack.startWorker();
    spec = stack.spec().write("greenlight.yaml");
  }

  @AfterAll
  static void stopTheStack() {
    if (stack != null) stack.close();
  }

  @Test
  @Order(1)
  void anInvalidSpecIsRefusedWithEveryProblemByFieldPathAndStartsNothing() throws Exception {
    Path invalid =
        stack
            .spec()
            .with("router", "{type: haproxy-ish, url: \"" + stack.routerUrl() + "\"}")
            .with("smoke", "\n  - {name: orders, path: api/orders, expect: 200}")
            .with("approval", "{approvers: [alice], required: 2}")
            .write("invalid.yaml");

    CliResult validate = stack.cli("validate", invalid.toString());
    CliResult start = stack.cli("start", invalid.toString(), "--version", "2.0.0", "--as", "carol");
    CliResult list = stack.cli("list", "--all", "--json");

    for (CliResult r : new CliResult[] {validate, start}) {
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err().lines().toList())
          .as(r.toString())
          .hasSize(3)
          .anySatisfy(l -> assertThat(l).startsWith("router.type: unknown type 'haproxy-ish'"))
          .anySatisfy(l -> assertThat(l).startsWith("smoke[0].path: "))
          .anySatisfy(l -> assertThat(l).startsWith("approval.required: "));
    }
    assertThat(start.out()).as("no release id").isEmpty();
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(JSON.readTree(list.out())).as("releases, running or ended").isEmpty();
  }

  @Test
  @Order(2)
  void aGoodReleaseIsApprovedByAnotherPersonGoesLiveOnGreenAndMigratesTheDatabase()
      throws Exception {
    CliResult start = stack.cli("start", spec.toString(), "--version", "2.0.0", "--as", "carol");
    assertThat(start.exit()).as(start.toString()).isZero();
    assertThat(start.out())
        .as("stdout holds only the release id")
        .matches("shop-2\\.0\\.0-[a-z0-9]+\\n");
    String id = start.out().strip();

    JsonNode waiting = awaitStageThroughTheCli(id, "AWAITING_APPROVAL");
    assertThat(waiting.get("state").asText()).isEqualTo("RUNNING");
    assertThat(waiting.get("live").asText()).isEqualTo("blue");
    assertThat(waiting.get("target").asText()).isEqualTo("green");
    assertThat(waiting.get("initiator").asText()).isEqualTo("carol");
    assertThat(stack.versionAt(stack.url(Color.GREEN)))
        .as("green already runs the new version")
        .isEqualTo("2.0.0");
    assertThat(stack.servedVersion()).as("but the public URL still serves blue").isEqualTo("1.0.0");

    CliResult ownApproval = stack.cli("approve", id, "--as", "carol");
    assertThat(ownApproval.exit()).as(ownApproval.toString()).isEqualTo(4);
    assertThat(ownApproval.err()).contains("carol started this release and cannot approve");
    JsonNode afterRefusal = status(id);
    assertThat(afterRefusal.get("approvals")).as("nothing recorded").isEmpty();
    assertThat(afterRefusal.get("stage").asText()).isEqualTo("AWAITING_APPROVAL");

    CliResult approve = stack.cli("approve", id, "--as", "alice", "--comment", "smoke is green");
    assertThat(approve.exit()).as(approve.toString()).isZero();
    CliResult watch = stack.cli("watch", id);
    assertThat(watch.exit()).as(watch.toString() + stack.diagnostics()).isZero();
    assertThat(watch.out()).contains("SUCCEEDED");

    JsonNode done = status(id);
    assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.get("live").asText()).isEqualTo("green");
    assertThat(done.get("approvals").get(0).get("approver").asText()).isEqualTo("alice");
    assertThat(done.get("outcome").asText())
        .contains("shop 2.0.0 is live on green")
        .contains("approved by alice");
    assertThat(stack.healthAt(stack.routerUrl()))
        .as("the public URL serves the new version from green")
        .contains("\"version\":\"2.0.0\"")
        .contains("\"color\":\"green\"");
    assertThat(stack.liveColor()).isEqualTo("green");
    assertThat(stack.appliedMigrations()).containsExactly("V1", "V2");
    assertThat(stack.deployRuns(id, Color.GREEN)).as("deploy hook runs").isEqualTo(1);
    for (String shown :
        new String[] {
          start.out(),
          watch.out(),
          watch.err(),
          done.toString(),
          ReleaseStack.read(dir.resolve("worker-1.log"))
        }) {
      assertThat(shown)
          .as("the database password is never shown")
          .doesNotContain(ReleaseStack.DB_PASSWORD);
    }
  }

  @Test
  @Order(3)
  void aReleaseThatFailsUnderTrafficIsRolledBackByTheMonitor() throws Exception {
    String id = start("3.0.0"); // faulty-versions: fails a share of requests after its first 20
    stack.await(
        id, s -> s.stage() == Stage.AWAITING_APPROVAL, Duration.ofSeconds(60), "awaiting approval");
    assertThat(stack.cli("approve", id, "--as", "bob").exit()).isZero();

    CliResult watch = stack.cli("watch", id);

    assertThat(watch.exit()).as(watch.toString()).isEqualTo(1);
    JsonNode end = status(id);
    assertThat(end.get("state").asText()).isEqualTo("ROLLED_BACK");
    assertThat(end.get("outcome").asText())
        .contains("monitor breach")
        .contains("traffic is back on green");
    assertThat(end.get("monitor").get("breaches").asInt()).isPositive();
    assertRouterUnchanged();
  }

  @Test
  @Order(4)
  void aDeployHookThatFailsEndsTheReleaseFailedWithItsOutput() throws Exception {
    stack.knob("refused-versions", "4.0.0");
    try {
      String id = start("4.0.0");
      CliResult watch = stack.cli("watch", id);

      assertThat(watch.exit()).as(watch.toString()).isEqualTo(1);
      JsonNode end = status(id);
      assertThat(end.get("state").asText()).isEqualTo("FAILED");
      assertThat(end.get("outcome").asText())
          .contains("deploy hook for blue exited 3")
          .contains("no image shop:4.0.0");
      assertRouterUnchanged();
    } finally {
      stack.knob("refused-versions", null);
    }
  }

  @Test
  @Order(5)
  void anAppThatNeverReportsTheVersionFailsTheHealthCheck() throws Exception {
    stack.knob("wrong-versions", "5.0.0");
    Path quickHealth =
        stack
            .spec()
            .with("health", "{path: /health, timeout: 5s, interval: 500ms, versionField: version}")
            .write("quick-health.yaml");
    try {
      String id = start(quickHealth, "5.0.0");
      CliResult watch = stack.cli("watch", id);

      assertThat(watch.exit()).as(watch.toString()).isEqualTo(1);
      JsonNode end = status(id);
      assertThat(end.get("state").asText()).isEqualTo("FAILED");
      assertThat(end.get("outcome").asText())
          .contains("blue did not become healthy within health.timeout 5s")
          .contains("version '5.0.0-wrong'");
      assertRouterUnchanged();
    } finally {
      stack.knob("wrong-versions", null);
    }
  }

  @Test
  @Order(6)
  void aFailingSmokeCheckEndsTheReleaseFailedBeforeAnyoneIsAsked() throws Exception {
    Path withOrdersPage =
        stack
            .spec()
            .with(
                "smoke",
                "\n  - {name: health, path: /health, expect: 200}"
                    + "\n  - {name: orders-page, path: /orders, expect: 200}")
            .write("smoke-orders.yaml");

    String id = start(withOrdersPage, "6.0.0");
    CliResult watch = stack.cli("watch", id);

    assertThat(watch.exit()).as(watch.toString()).isEqualTo(1);
    JsonNode end = status(id);
    assertThat(end.get("state").asText()).isEqualTo("FAILED");
    assertThat(end.get("outcome").asText())
        .contains("Smoke on blue (new, 6.0.0) failed")
        .contains("orders-page");
    assertThat(end.get("approvals")).isEmpty();
    assertRouterUnchanged();
  }

  @Test
  @Order(7)
  void aSecondReleaseOfTheAppIsRefusedWhileOneRunsAndARejectSwitchesNothing() throws Exception {
    String id = start("7.0.0");
    stack.await(
        id, s -> s.stage() == Stage.AWAITING_APPROVAL, Duration.ofSeconds(60), "awaiting approval");

    CliResult second = stack.cli("start", spec.toString(), "--version", "7.0.1", "--as", "dave");
    assertThat(second.exit()).as(second.toString()).isEqualTo(3);
    assertThat(second.err()).contains(id);
    assertThat(second.out()).isEmpty();

    CliResult reject = stack.cli("reject", id, "--as", "bob", "--reason", "not during the sale");
    assertThat(reject.exit()).as(reject.toString()).isZero();
    CliResult watch = stack.cli("watch", id);

    assertThat(watch.exit()).as(watch.toString()).isEqualTo(1);
    JsonNode end = status(id);
    assertThat(end.get("state").asText()).isEqualTo("REJECTED");
    assertThat(end.get("outcome").asText())
        .contains("Rejected by bob: not during the sale")
        .contains("nothing was switched");
    assertRouterUnchanged();
  }

  @Test
  @Order(8)
  void aReleaseNobodyApprovesInTimeEndsTimedOut() throws Exception {
    Path shortApproval =
        stack
            .spec()
            .with("approval", "{approvers: [alice, bob], required: 1, timeout: 3s}")
            .write("short-approval.yaml");

    String id = start(shortApproval, "8.0.0");
    CliResult watch = stack.cli("watch", id);

    assertThat(watch.exit()).as(watch.toString()).isEqualTo(1);
    JsonNode end = status(id);
    assertThat(end.get("state").asText()).isEqualTo("TIMED_OUT");
    assertThat(end.get("outcome").asText())
        .contains("No approval within 3s")
        .contains("nothing was switched");
    assertRouterUnchanged();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static String start(String version) throws Exception {
    return start(spec, version);
  }

  private static String start(Path specFile, String version) throws Exception {
    CliResult start =
        stack.cli("start", specFile.toString(), "--version", version, "--as", "carol");
    assertThat(start.exit()).as(start.toString()).isZero();
    return start.out().strip();
  }

  private static JsonNode status(String id) throws Exception {
    CliResult status = stack.cli("status", id, "--json");
    assertThat(status.exit()).as(status.toString()).isZero();
    return JSON.readTree(status.out());
  }

  private static JsonNode awaitStageThroughTheCli(String id, String stage) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = status(id);
      if (stage.equals(last.get("stage").asText())) return last;
      assertThat(last.get("state").asText())
          .as("still running: " + last + "\n" + stack.diagnostics())
          .isEqualTo("RUNNING");
      Thread.sleep(500);
    }
    throw new AssertionError(
        id + " did not reach " + stage + ": " + last + "\n" + stack.diagnostics());
  }

  /** Green keeps serving 2.0.0 through the router. */
  private static void assertRouterUnchanged() throws Exception {
    assertThat(stack.liveColor()).as("live color").isEqualTo("green");
    assertThat(stack.servedVersion()).as("version through the router").isEqualTo("2.0.0");
  }
}
