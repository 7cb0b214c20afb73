package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's own connection path (--temporal, the reachability check, gRPC) against a Temporal
 * listening on a loopback port, in real time, with a worker running the real workflow.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PortBoundTemporalTest {
  private static final String QUEUE = "greenlight-port-test";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs workerStubs;
  private WorkerFactory workers;
  private String address;

  @BeforeEach
  void startTemporalAndWorker() throws IOException {
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
    worker.registerActivitiesImplementations(new FakeActivities());
    workers.start();
  }

  @AfterEach
  void stop() throws Exception {
    workers.shutdownNow();
    workers.awaitTermination(5, TimeUnit.SECONDS);
    workerStubs.shutdownNow();
    server.close();
  }

  private CliRun cli(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--temporal";
    all[args.length + 1] = address;
    all[args.length + 2] = "--task-queue";
    all[args.length + 3] = QUEUE;
    return CliRun.of(null, all);
  }

  @Test
  void aReleaseFromStartToSucceededThroughTheNetwork() throws Exception {
    CliRun start =
        cli("start", Specs.good(dir, "shop").toString(), "--version", "4.0.0", "--as", "carol");
    assertThat(start.exit()).as(start.toString()).isZero();
    String id = start.out().trim();
    awaitStage(id, "AWAITING_APPROVAL");

    CliRun conflict =
        cli("start", Specs.good(dir, "shop").toString(), "--version", "4.0.1", "--as", "carol");
    CliRun own = cli("approve", id, "--as", "carol");
    CliRun approve = cli("approve", id, "--as", "alice");
    CliRun watch = cli("watch", id);

    assertThat(conflict.exit()).as(conflict.toString()).isEqualTo(3);
    assertThat(conflict.err()).contains(id);
    assertThat(own.exit()).isEqualTo(4);
    assertThat(approve.exit()).as(approve.toString()).isZero();
    assertThat(watch.exit()).as(watch.toString()).isZero();

    // A separate process sees the ended release, with only JSON on stdout.
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                GreenlightCli.class.getName(),
                "status",
                id,
                "--json",
                "--temporal",
                address)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    JsonNode s = JSON.readTree(out);
    assertThat(s.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(s.get("approvals").get(0).get("approver").asText()).isEqualTo("alice");
    JsonNode all = JSON.readTree(cli("list", "--all", "--json").out());
    assertThat(all.findValuesAsText("id")).containsExactly(id);
  }

  private void awaitStage(String id, String stage) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      CliRun run = cli("status", id, "--json");
      if (run.exit() == 0 && stage.equals(JSON.readTree(run.out()).get("stage").asText())) return;
      assertThat(Instant.now()).as("%s to reach %s: %s", id, stage, run).isBefore(deadline);
      Thread.sleep(200);
    }
  }
}
