package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.Connector;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code greenlight pause} and {@code resume} as an operator uses them. */
class PauseResumeCommandsTest {
  @TempDir Path dir;

  private final FakeActivities activities = new FakeActivities();

  @RegisterExtension
  final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class)
          .setActivityImplementations(activities)
          .build();

  private ReleaseClient releases;
  private Connector connector;

  @BeforeEach
  void connect(TestWorkflowEnvironment env, WorkflowOptions options) {
    String queue = options.getTaskQueue();
    connector = (address, namespace, q) -> TemporalConnection.using(env.getWorkflowClient(), queue);
    releases = new ReleaseClient(TemporalConnection.using(env.getWorkflowClient(), queue));
  }

  private CliRun cli(String... args) {
    return CliRun.of(connector, args);
  }

  private ReleaseStatus await(String id, Predicate<ReleaseStatus> until) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    ReleaseStatus s = releases.status(id);
    while (!until.test(s)) {
      assertThat(Instant.now()).as("release %s, is %s", id, s).isBefore(deadline);
      Thread.sleep(100);
      s = releases.status(id);
    }
    return s;
  }

  @Test
  void aReleaseTheMonitorPausedGoesOnWhenAnOperatorResumesIt() throws Exception {
    activities.inconclusiveSamples = new int[] {1, 3}; // no data for 3 samples: the default pauses
    CliRun start =
        cli("start", Specs.good(dir, "shop").toString(), "--version", "1.0.0", "--as", "carol");
    String id = start.out().trim();
    await(id, s -> s.stage() == dev.greenlight.api.model.Stage.AWAITING_APPROVAL);

    CliRun early = cli("pause", id, "--as", "bob", "--reason", "too soon");
    assertThat(early.exit()).as(early.toString()).isEqualTo(4);
    assertThat(early.err()).contains("can be paused only while traffic moves or is watched");

    assertThat(cli("approve", id, "--as", "alice").exit()).isZero();
    await(id, s -> s.monitor().paused() != null);
    CliRun status = cli("status", id);
    assertThat(status.out())
        .contains("paused by monitor: 3 inconclusive samples in a row (last: no data)")
        .contains("greenlight resume " + id + " --as NAME");

    CliRun resume = cli("resume", id, "--as", "bob");
    assertThat(resume.exit()).as(resume.toString()).isZero();
    assertThat(resume.out()).startsWith("resumed by bob (paused by monitor:");
    ReleaseStatus done = await(id, s -> s.state().finished());
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);

    CliRun again = cli("resume", id, "--as", "bob");
    assertThat(again.exit()).as(again.toString()).isEqualTo(4);
  }
}
