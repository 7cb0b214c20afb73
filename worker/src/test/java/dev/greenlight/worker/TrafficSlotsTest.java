package dev.greenlight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.activities.DeployActivities;
import dev.greenlight.api.activities.HealthActivities;
import dev.greenlight.api.activities.MigrationActivities;
import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.SmokeActivities;
import dev.greenlight.api.activities.SmokeReport;
import dev.greenlight.api.activities.TrafficActivities;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traffic activities never wait for a slot behind monitor watches: with every activity slot of the
 * worker held by a watch, an abort's switch back still runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TrafficSlotsTest {
  private static final String QUEUE = "greenlight-traffic-slots-test";

  @TempDir Path dir;
  private TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs stubs;
  private ReleaseWorker worker;
  private final CountDownLatch watchEnds = new CountDownLatch(1);
  private final CountDownLatch watchStarted = new CountDownLatch(1);

  @BeforeEach
  void start() {
    int port = FreePort.find();
    server = TestServer.createPortBoundServer(port);
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
  }

  @AfterEach
  void stop() {
    watchEnds.countDown();
    if (worker != null) worker.close();
    stubs.shutdownNow();
    server.close();
  }

  @Test
  void withEveryActivitySlotHeldByAWatchAnAbortStillSwitchesBack() throws Exception {
    FakeActivities fake = new FakeActivities();
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    // one activity slot, which the watch takes and keeps (it neither ends nor heartbeats)
    worker =
        ReleaseWorker.start(
            client,
            QUEUE,
            List.of(new StuckMonitor(fake)),
            Duration.ofSeconds(1),
            new WorkerTuning(1, 10, 10, WorkerTuning.DEFAULTS.trafficSlots()));
    ReleaseClient releases = new ReleaseClient(TemporalConnection.using(client, QUEUE));
    String id = releases.start(SpecBuilder.in(dir).load(), "2.0.0", "carol");
    await(releases, id, s -> s.stage() == Stage.AWAITING_APPROVAL);
    releases.approve(id, "alice", "go");
    assertThat(watchStarted.await(60, TimeUnit.SECONDS)).as("the watch started").isTrue();

    releases.abort(id, "bob", "pager went off");
    ReleaseStatus done = await(releases, id, s -> s.state().finished());

    assertThat(watchEnds.getCount()).as("the watch still holds the only slot").isEqualTo(1);
    assertThat(done.state()).isEqualTo(ReleaseState.ABORTED);
    assertThat(done.live()).isEqualTo("blue");
    assertThat(done.outcome()).contains("traffic is back on blue");
    assertThat(fake.calls).contains("switch green 100", "switch blue 100", "verify blue");
    assertThat(fake.live).isEqualTo(Color.BLUE);
  }

  private static ReleaseStatus await(
      ReleaseClient releases, String id, Predicate<ReleaseStatus> until) throws Exception {
    ReleaseStatus s = null;
    for (int i = 0; i < 600; i++) {
      s = releases.status(id);
      if (until.test(s)) return s;
      Thread.sleep(100);
    }
    throw new AssertionError("the release never got there; last: " + s);
  }

  /** The fake activities, with a watch that holds its slot until the test ends. */
  private final class StuckMonitor
      implements DeployActivities,
          HealthActivities,
          MigrationActivities,
          SmokeActivities,
          TrafficActivities,
          MonitorActivities {
    private final FakeActivities fake;

    StuckMonitor(FakeActivities fake) {
      this.fake = fake;
    }

    @Override
    public MonitorReport watch(ReleaseContext ctx, Duration length, long baselineP95Ms) {
      watchStarted.countDown();
      try {
        watchEnds.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new MonitorReport(List.of(), false, null);
    }

    @Override
    public long baseline(ReleaseContext ctx) {
      return fake.baseline(ctx);
    }

    @Override
    public String deploy(ReleaseContext ctx, Color color) {
      return fake.deploy(ctx, color);
    }

    @Override
    public String awaitHealthy(ReleaseContext ctx, Color color) {
      return fake.awaitHealthy(ctx, color);
    }

    @Override
    public MigrationReport migrate(ReleaseContext ctx) {
      return fake.migrate(ctx);
    }

    @Override
    public SmokeReport smoke(ReleaseContext ctx, Color color) {
      return fake.smoke(ctx, color);
    }

    @Override
    public Color liveColor(ReleaseContext ctx) {
      return fake.liveColor(ctx);
    }

    @Override
    public String switchTo(ReleaseContext ctx, Color color, int percent) {
      return fake.switchTo(ctx, color, percent);
    }

    @Override
    public String verifyServing(ReleaseContext ctx, Color color) {
      return fake.verifyServing(ctx, color);
    }
  }
}
