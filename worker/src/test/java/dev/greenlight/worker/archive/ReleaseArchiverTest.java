package dev.greenlight.worker.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.SpecLoader;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.archive.ArchiveSettings;
import dev.greenlight.client.archive.ArchivedRelease;
import dev.greenlight.client.archive.ReleaseArchive;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.TestPostgres;
import dev.greenlight.worker.ReleaseWorker;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The archiver against a real PostgreSQL and a Temporal test server on a loopback port (real time),
 * with a worker running the real release workflow on activities that answer at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReleaseArchiverTest {
  private static final String QUEUE = "greenlight-archiver-test";
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private ReleaseWorker worker;
  private ReleaseClient releases;
  private ReleaseArchive archive;
  private String database;

  @BeforeEach
  void startTemporalWorkerAndArchive() throws Exception {
    int port = FreePort.find();
    server = TestServer.createPortBoundServer(port);
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    client = WorkflowClient.newInstance(stubs);
    worker = ReleaseWorker.start(client, QUEUE, List.of(new FakeActivities()));
    releases = new ReleaseClient(TemporalConnection.using(client, QUEUE));

    database = postgres.newDatabase("archive", null);
    archive =
        ReleaseArchive.open(
            new ArchiveSettings(postgres.jdbcUrl(database), "postgres", null),
            Map.<String, String>of()::get);
  }

  @AfterEach
  void stop() {
    worker.close();
    stubs.shutdownNow();
    server.close();
  }

  @Test
  void anEndedReleaseIsArchivedOnceWithItsHistoryReportAndStatusAndARunningOneIsNot()
      throws Exception {
    String ended = succeeded("shop", "2.0.0");
    String running = releases.start(spec("cart"), "1.1.0", "carol");
    awaitStage(running, Stage.AWAITING_APPROVAL);

    ReleaseArchiver archiver = new ReleaseArchiver(client, QUEUE, archive);
    assertThat(archiver.archiveEnded()).isEqualTo(1);
    assertThat(archiver.archiveEnded()).isZero();
    assertThat(new ReleaseArchiver(client, QUEUE, archive).archiveEnded())
        .as("a restarted worker")
        .isZero();

    assertThat(count()).isEqualTo(1);
    ArchivedRelease a = archive.find(ended).orElseThrow();
    assertThat(a.historyJson()).isEqualTo(client.fetchHistory(ended).toJson(true));
    assertThat(a.status()).isEqualTo(releases.status(ended));
    assertThat(a.app()).isEqualTo("shop");
    assertThat(a.version()).isEqualTo("2.0.0");
    assertThat(a.state()).isEqualTo("SUCCEEDED");
    assertThat(a.outcome()).contains("live on green");
    assertThat(a.reportMarkdown())
        .startsWith("# Release " + ended)
        .contains("| final state | SUCCEEDED |")
        .contains("| approve | alice | update (CLI) |");
    assertThat(archive.find(running)).isEmpty();
  }

  @Test
  void aReleaseTerminatedOutsideGreenlightIsArchivedAsFailedWithWhatHappened() throws Exception {
    String id = releases.start(spec("shop"), "3.0.0", "carol");
    awaitStage(id, Stage.AWAITING_APPROVAL);
    client.newUntypedWorkflowStub(id).terminate("pressed terminate in the UI");

    assertThat(new ReleaseArchiver(client, QUEUE, archive).archiveEnded()).isEqualTo(1);

    ArchivedRelease a = archive.find(id).orElseThrow();
    assertThat(a.state()).isEqualTo("FAILED");
    assertThat(a.outcome()).contains("TERMINATED outside Greenlight");
    assertThat(a.status()).as("what greenlight status shows").isEqualTo(releases.status(id));
    assertThat(a.endedAt()).isNotNull();
    assertThat(a.reportMarkdown())
        .contains("| final state | unknown (no completion in this history) |")
        .contains("Traffic was never switched.");
  }

  @Test
  void runningOnATimerItArchivesAReleaseSoonAfterItEnds() throws Exception {
    try (ReleaseArchiver archiver =
        ReleaseArchiver.start(client, QUEUE, archive, Duration.ofMillis(200))) {
      String id = succeeded("shop", "2.1.0");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (archive.find(id).isEmpty()) {
        assertThat(System.nanoTime()).as("archived within 30 s").isLessThan(deadline);
        Thread.sleep(100);
      }
      Thread.sleep(600); // a few more rounds
      assertThat(count()).isEqualTo(1);
    }
  }

  private String succeeded(String app, String version) throws Exception {
    String id = releases.start(spec(app), version, "carol");
    awaitStage(id, Stage.AWAITING_APPROVAL);
    releases.approve(id, "alice", "looks good");
    assertThat(releases.watch(id, s -> {}).state()).isEqualTo(ReleaseState.SUCCEEDED);
    return id;
  }

  private void awaitStage(String id, Stage stage) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (releases.status(id).stage() != stage) {
      assertThat(System.nanoTime()).as(id + " reaches " + stage).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private int count() throws Exception {
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM greenlight.releases")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static ReleaseSpec spec(String app) throws Exception {
    return SpecLoader.parse(
        """
        app: %s
        environments:
          blue: {url: "http://127.0.0.1:8081", deploy: ["./deploy.sh", "blue", "${VERSION}"]}
          green: {url: "http://127.0.0.1:8082", deploy: ["./deploy.sh", "green", "${VERSION}"]}
        health: {path: /health, versionField: version}
        router:
          type: command
          url: http://127.0.0.1:8080
          command: {switch: ["./switch.sh", "${COLOR}"], active: ["./active.sh"]}
        smoke:
          - {name: health, path: /health, expect: 200}
        approval: {approvers: [alice, bob], required: 1, timeout: 24h}
        monitor: {window: 1m, interval: 10s}
        """
            .formatted(app),
        Path.of("/tmp/greenlight-archiver-test/" + app + ".yaml"));
  }
}
