package dev.greenlight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.deploy.DeployActivitiesImpl;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.model.StepRecord;
import dev.greenlight.api.spec.SpecLoader;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.ColorBackend.Reply;
import dev.greenlight.testkit.FreePort;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker stopped gracefully (SIGTERM) while a deploy hook runs, and a second worker taking over:
 * a real worker with the real deploy activity against a Temporal test server on a loopback port.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReleaseWorkerShutdownTest {
  private static final String QUEUE = "greenlight-shutdown-test";

  @TempDir Path dir;
  private TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private ColorBackend color;
  private final List<ReleaseWorker> workers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    int port = FreePort.find();
    server = TestServer.createPortBoundServer(port);
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    client = WorkflowClient.newInstance(stubs);
    // the colors' health endpoint never reports the release version: a retry waiting for it would
    // wait in vain
    color =
        ColorBackend.start().on("/health", Reply.ok("{\"status\":\"UP\",\"version\":\"1.0.0\"}"));
  }

  @AfterEach
  void stop() {
    workers.forEach(ReleaseWorker::close);
    color.close();
    stubs.shutdownNow();
    server.close();
  }

  @Test
  void aWorkerStoppedWhileTheDeployHookRunsLeavesTheRetryToRunTheHookAgain() throws Exception {
    // the first run never finishes on its own; later runs deploy at once
    script(
        "deploy.sh",
        "n=$(cat runs 2>/dev/null || echo 0); n=$((n+1)); echo $n > runs\n"
            + "if [ $n -eq 1 ]; then touch started; echo rolling out; sleep 300; fi\n"
            + "echo deployed");
    ReleaseClient releases = new ReleaseClient(TemporalConnection.using(client, QUEUE));
    ReleaseWorker first = worker(Duration.ofSeconds(1));
    String id = releases.start(spec(), "2.0.0", "carol");
    awaitFile("started");

    first.close(); // what SIGTERM does
    worker(ReleaseWorker.DEFAULT_DRAIN_TIMEOUT);
    ReleaseStatus s = awaitStageOrEnd(releases, id, Stage.AWAITING_APPROVAL);

    assertThat(s.stage())
        .as("the release went on after the deploy; outcome: %s", s.outcome())
        .isEqualTo(Stage.AWAITING_APPROVAL);
    StepRecord deploy =
        s.steps().stream().filter(st -> st.name().startsWith("deploy")).findFirst().orElseThrow();
    assertThat(deploy.detail()).contains("deployed");
    assertThat(Files.readString(dir.resolve("runs")).trim()).as("hook runs").isEqualTo("2");
  }

  @Test
  void aHookThatFinishesWithinTheDrainTimeoutCompletesTheDeployOnTheStoppingWorker()
      throws Exception {
    script(
        "deploy.sh",
        "n=$(cat runs 2>/dev/null || echo 0); n=$((n+1)); echo $n > runs\n"
            + "touch started; sleep 3; echo deployed");
    ReleaseClient releases = new ReleaseClient(TemporalConnection.using(client, QUEUE));
    ReleaseWorker first = worker(Duration.ofSeconds(60));
    String id = releases.start(spec(), "2.0.0", "carol");
    awaitFile("started");

    first.close(); // what SIGTERM does
    worker(ReleaseWorker.DEFAULT_DRAIN_TIMEOUT);
    ReleaseStatus s = awaitStageOrEnd(releases, id, Stage.AWAITING_APPROVAL);

    assertThat(s.stage()).as("outcome: %s", s.outcome()).isEqualTo(Stage.AWAITING_APPROVAL);
    assertThat(Files.readString(dir.resolve("runs")).trim()).as("hook runs").isEqualTo("1");
  }

  private ReleaseWorker worker(Duration drainTimeout) {
    ReleaseWorker w =
        ReleaseWorker.start(
            client,
            QUEUE,
            List.of(new DeployActivitiesImpl(), new OtherActivities()),
            drainTimeout);
    workers.add(w);
    return w;
  }

  private dev.greenlight.api.spec.ReleaseSpec spec() throws Exception {
    String url = color.url();
    return SpecLoader.parse(
        """
        app: shop
        environments:
          blue: {url: "http://127.0.0.1:1", deploy: ["./deploy.sh"], deployTimeout: 30s}
          green: {url: "%s", deploy: ["./deploy.sh"], deployTimeout: 30s}
        health: {path: /health, timeout: 5s, interval: 200ms, versionField: version}
        router:
          type: command
          url: http://127.0.0.1:1
          command: {switch: ["true"], active: ["echo", "blue"]}
        approval: {approvers: [alice], required: 1, timeout: 24h}
        """
            .formatted(url),
        dir.resolve("greenlight.yaml"));
  }

  private ReleaseStatus awaitStageOrEnd(ReleaseClient releases, String id, Stage stage)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      ReleaseStatus s = releases.status(id);
      if (s.stage() == stage || (s.state() != null && s.state().finished())) return s;
      assertThat(System.nanoTime()).as(id + " reaches " + stage).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private void awaitFile(String name) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(dir.resolve(name))) {
      assertThat(System.nanoTime()).as(name + " appears").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private void script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
