package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} as a separate process, on a pseudo-terminal (util-linux {@code script}) and on a
 * pipe, while a release sits in its monitor window: a bar with the time left on the terminal, plain
 * lines elsewhere, and {@code --timeout} ends the watch with exit 6 while the release goes on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WatchProgressTest {
  private static final String QUEUE = "greenlight-watch-progress";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs workerStubs;
  private WorkerFactory workers;
  private String address;
  private String id;

  @BeforeEach
  void aReleaseInItsMonitorWindow() throws Exception {
    int port = FreePort.find();
    server = TestServer.createPortBoundServer(port);
    address = "127.0.0.1:" + port;
    workerStubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    workers = WorkerFactory.newInstance(WorkflowClient.newInstance(workerStubs));
    Worker worker =
        workers.newWorker(
            QUEUE,
            WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build());
    worker.registerWorkflowImplementationTypes(
        ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class);
    FakeActivities activities = new FakeActivities();
    activities.monitorBlocks = true; // the window stays open while we watch
    worker.registerActivitiesImplementations(activities);
    workers.start();

    CliRun start =
        cli("start", Specs.good(dir, "shop").toString(), "--version", "4.0.0", "--as", "carol");
    assertThat(start.exit()).as(start.toString()).isZero();
    id = start.out().trim();
    awaitStage("AWAITING_APPROVAL");
    assertThat(cli("approve", id, "--as", "alice").exit()).isZero();
    awaitStage("MONITORING");
  }

  @AfterEach
  void stop() throws Exception {
    workers.shutdownNow();
    workers.awaitTermination(5, TimeUnit.SECONDS);
    workerStubs.shutdownNow();
    server.close();
  }

  @Test
  void onATerminalTheMonitorWindowIsABarWithTheTimeLeft() throws Exception {
    String shell = String.join(" ", quoted(watchCommand("--timeout", "3s")));
    // script gives the command a pseudo-terminal for stdin and stdout; -e passes its exit code
    Result r = run(List.of("script", "-qec", shell, "/dev/null"), Map.of("TERM", "xterm"));

    assertThat(r.exit).as(r.out).isEqualTo(ExitCodes.STILL_RUNNING);
    assertThat(r.out)
        .contains("stage MONITORING: monitor started")
        .contains("\r\033[Kmonitor [")
        .containsPattern("monitor \\[#*\\.+\\] \\d+s left of 1m, 0/6 samples")
        .contains("timeout: " + id + " is still running after 3s");
  }

  @Test
  void onAPipeTheyArePlainLinesAndTheTimeoutExitsSix() throws Exception {
    Result r = run(watchCommand("--timeout", "2s"), Map.of());

    assertThat(r.exit).as(r.out).isEqualTo(ExitCodes.STILL_RUNNING);
    assertThat(r.out).doesNotContain("\033[").doesNotContain("\r");
    assertThat(r.out)
        .contains("approved by alice")
        .contains("stage MONITORING: monitor started")
        .contains("timeout: " + id + " is still running after 2s");
    // the release goes on
    CliRun status = cli("status", id, "--json");
    assertThat(JSON.readTree(status.out()).get("state").asText()).isEqualTo("RUNNING");
  }

  @Test
  void eventsComeInTheOrderTheyHappenedWithTheTimesRecorded() throws Exception {
    Result r = run(watchCommand("--timeout", "1s"), Map.of());

    List<String> stamped =
        r.out.lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d  .*")).toList();
    List<String> sorted = new ArrayList<>(stamped);
    sorted.sort((a, b) -> a.substring(0, 8).compareTo(b.substring(0, 8)));
    assertThat(stamped).as(r.out).isEqualTo(sorted);
    List<String> texts = stamped.stream().map(l -> l.substring(10)).toList();
    assertThat(texts.indexOf("approved by alice"))
        .isLessThan(indexStarting(texts, "approval SUCCEEDED"))
        .isGreaterThanOrEqualTo(0);
    assertThat(indexStarting(texts, "approval SUCCEEDED"))
        .isLessThan(indexStarting(texts, "stage SWITCHING"));
    assertThat(indexStarting(texts, "traffic: 100% on green"))
        .isLessThan(indexStarting(texts, "switch SUCCEEDED"));
  }

  @Test
  void aBadTimeoutIsBadUsage() {
    CliRun run = cli("watch", id, "--timeout", "soon");
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--timeout: 'soon' is not a duration");
  }

  private static int indexStarting(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith(prefix)) return i;
    return -1;
  }

  private List<String> watchCommand(String... extra) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                GreenlightCli.class.getName(),
                "watch",
                id,
                "--temporal",
                address,
                "--task-queue",
                QUEUE));
    cmd.addAll(List.of(extra));
    return cmd;
  }

  private static List<String> quoted(List<String> words) {
    return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList();
  }

  private record Result(int exit, String out) {}

  /**
   * Runs it; again (at most twice more) when the new JVM's connection check timed out on a loaded
   * machine (exit 5): reachability is not what these tests are about.
   */
  private Result run(List<String> command, Map<String, String> env) throws Exception {
    Result r = runOnce(command, env);
    for (int i = 0; i < 2 && r.exit == ExitCodes.UNREACHABLE; i++) r = runOnce(command, env);
    return r;
  }

  private Result runOnce(List<String> command, Map<String, String> env) throws Exception {
    Path out = Files.createTempFile(dir, "watch-", ".out");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  private CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--temporal", address, "--task-queue", QUEUE));
    return CliRun.of(null, all.toArray(String[]::new));
  }

  private void awaitStage(String stage) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      CliRun run = cli("status", id, "--json");
      if (run.exit() == 0 && stage.equals(JSON.readTree(run.out()).get("stage").asText())) return;
      assertThat(Instant.now()).as("%s to reach %s: %s", id, stage, run).isBefore(deadline);
      Thread.sleep(200);
    }
  }
}
