package dev.greenlight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.model.StepRecord;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A worker is killed with SIGKILL at each stage of a release, a new worker process is started, and
 * the release must end as it would have without the kill (SUCCEEDED; ROLLED_BACK for a kill while
 * rolling back), with the deploy hook run exactly once for that release and color.
 *
 * <p>Temporal retries a dead worker's activity after its heartbeat timeout, or else only after its
 * start-to-close timeout: every activity must heartbeat for the release to go on within {@link
 * #RECOVERY}. Each kill point prints how long the release took to end after the kill.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WorkerKillIT {
  /** From the kill to the end of the release. */
  private static final Duration RECOVERY = Duration.ofSeconds(100);

  @TempDir static Path dir;

  static ReleaseStack stack;
  static ReleaseSpec spec;
  static Process worker;
  static int releases;

  @BeforeAll
  static void startTheStack() throws Exception {
    stack = ReleaseStack.start(dir);
    worker = stack.startWorker();
    spec = SpecLoader.load(stack.spec().write("greenlight.yaml"));
  }

  /** A release a failed test left running would refuse the next one (one release per app). */
  @AfterEach
  void abortWhatIsStillRunning() throws Exception {
    var running = stack.releases().runningRelease("shop");
    if (running.isPresent()) {
      stack.releases().abort(running.get(), "e2e", "the test ended");
      stack.await(running.get(), s -> s.state().finished(), Duration.ofSeconds(90), "aborted");
    }
  }

  @AfterAll
  static void stopTheStack() {
    if (stack != null) stack.close();
  }

  @ParameterizedTest(name = "worker killed during {0}")
  @EnumSource(
      value = Stage.class,
      names = {
        "DEPLOYING",
        "HEALTH_CHECK",
        "MIGRATING",
        "SMOKE_TESTING",
        "AWAITING_APPROVAL",
        "SWITCHING",
        "MONITORING",
        "ROLLING_BACK"
      })
  void theReleaseEndsAsItWouldHaveWithoutTheKillAndDeploysOnce(Stage killPoint) throws Exception {
    boolean rollsBack = killPoint == Stage.ROLLING_BACK;
    String version = rollsBack ? "3.0.0" : "2." + (++releases) + ".0"; // 3.0.0 fails under traffic
    Color live = Color.parse(stack.liveColor());
    Color target = live.other();
    String servedBefore = stack.servedVersion();
    String slowMigration = null;
    Connection productsLock = null;

    switch (killPoint) {
      case DEPLOYING -> stack.knob("deploy-delay", "3");
      case HEALTH_CHECK -> stack.knob("deploy-in-background", "yes");
      case MIGRATING -> slowMigration = slowMigration();
      case SMOKE_TESTING -> productsLock = lockProducts(); // the catalogue check waits on it
      case SWITCHING -> stack.knob("switch-delay", "3");
      default -> {}
    }
    String id = stack.releases().start(spec, version, "carol");
    ReleaseStatus atKill;
    try {
      atKill =
          switch (killPoint) {
            case DEPLOYING ->
                awaitApproving(
                    id,
                    s -> s.stage() == Stage.DEPLOYING && deployStarted(id, target),
                    "deploying");
            case ROLLING_BACK -> {
              awaitApproving(id, s -> s.stage() == Stage.MONITORING, "monitoring");
              stack.knob("switch-delay", "3"); // only the switch back is slow
              yield awaitApproving(id, s -> s.stage() == Stage.ROLLING_BACK, "rolling back");
            }
            default -> awaitApproving(id, s -> s.stage() == killPoint, "at " + killPoint);
          };
      Thread.sleep(
          switch (killPoint) {
            case HEALTH_CHECK, SMOKE_TESTING, ROLLING_BACK -> 500;
            case MIGRATING, SWITCHING -> 1000; // inside the 4 s migration, the 3 s switch script
            case MONITORING -> 2000;
            default -> 0;
          });
      stack.killWorker(worker);
    } finally {
      if (productsLock != null) productsLock.close(); // rolls back: the lock goes
      stack.knob("deploy-delay", null);
      stack.knob("deploy-in-background", null);
      stack.knob("switch-delay", null);
    }
    long killedAt = System.nanoTime();
    worker = stack.startWorker();

    ReleaseStatus end = awaitApproving(id, s -> s.state().finished(), RECOVERY, "ended");
    double recovery = (System.nanoTime() - killedAt) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "worker killed during %s (stage seen: %s): %s %.1fs after the kill%n",
        killPoint,
        atKill.stage(),
        end.state(),
        recovery);

    assertThat(end.state())
        .as(end.outcome() + "\n" + stack.diagnostics())
        .isEqualTo(rollsBack ? ReleaseState.ROLLED_BACK : ReleaseState.SUCCEEDED);
    assertThat(stack.deployRuns(id, target))
        .as("deploy hook runs for " + id + " on " + target)
        .isEqualTo(1);
    assertThat(stack.servedVersion())
        .as("served through the router")
        .isEqualTo(rollsBack ? servedBefore : version);
    assertThat(stack.liveColor()).isEqualTo((rollsBack ? live : target).label());
    if (killPoint == Stage.DEPLOYING) {
      assertThat(step(end, "deploy").detail()).startsWith("already deployed by attempt 1");
    }
    if (slowMigration != null) {
      assertThat(stack.appliedMigrations())
          .as("applied once, successfully")
          .containsOnlyOnce(slowMigration)
          .doesNotContain(slowMigration + " (failed)");
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static ReleaseStatus awaitApproving(
      String id, Predicate<ReleaseStatus> until, String what) throws Exception {
    return awaitApproving(id, until, Duration.ofSeconds(90), what);
  }

  /** Polls until {@code until}; approves as alice whenever the release waits for it. */
  private static ReleaseStatus awaitApproving(
      String id, Predicate<ReleaseStatus> until, Duration timeout, String what) throws Exception {
    boolean[] approved = {false};
    return stack.await(
        id,
        s -> {
          if (until.test(s)) return true;
          if (s.stage() == Stage.AWAITING_APPROVAL && !approved[0]) {
            try {
              stack.releases().approve(id, "alice", "e2e");
              approved[0] = true;
            } catch (Exception e) {
              // no worker answered yet: the next poll tries again
            }
          }
          return false;
        },
        timeout,
        what);
  }

  private static boolean deployStarted(String id, Color target) {
    try {
      return stack.deployRuns(id, target) > 0;
    } catch (Exception e) {
      return false;
    }
  }

  /** A new migration that takes 4 s; returns its version as flyway_schema_history lists it. */
  private static String slowMigration() throws Exception {
    Files.writeString(
        stack.dir().resolve("db/migration/V3__slow_backfill.sql"),
        "-- a long backfill: the worker is killed while it runs\nSELECT pg_sleep(4);\n");
    return "V3";
  }

  /** Holds an exclusive lock on the products table until the connection is closed. */
  private static Connection lockProducts() throws Exception {
    Connection c = DriverManager.getConnection(stack.jdbcUrl(), "shop", ReleaseStack.DB_PASSWORD);
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("LOCK TABLE products IN ACCESS EXCLUSIVE MODE");
    }
    return c;
  }

  private static StepRecord step(ReleaseStatus s, String name) {
    return s.steps().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step " + name + " in " + s));
  }
}
