package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.Connector;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An approver's comment full of terminal escapes goes through the whole CLI (approve, status,
 * watch, audit report on stdout) without ever reaching the terminal raw.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileTextCommandsTest {
  private static final String EVIL = "\u001b[2J\u001b]0;pwned\u0007";
  private static final Pattern UNSAFE = Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]");

  @TempDir Path dir;

  @RegisterExtension
  final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class)
          .setActivityImplementations(new FakeActivities())
          .build();

  private TestWorkflowEnvironment env;
  private String taskQueue;
  private Connector connector;

  @BeforeEach
  void connect(TestWorkflowEnvironment env, WorkflowOptions options) {
    this.env = env;
    taskQueue = options.getTaskQueue();
    connector =
        (address, namespace, queue) -> TemporalConnection.using(env.getWorkflowClient(), taskQueue);
  }

  private CliRun cli(String... args) {
    return CliRun.of(connector, args);
  }

  @Test
  void aCommentWithEscapeCodesIsPrintedInertEverywhere() throws Exception {
    CliRun start =
        cli("start", Specs.good(dir, "shop").toString(), "--version", "2.0.0", "--as", "carol");
    assertThat(start.exit()).as(start.toString()).isZero();
    String id = start.out().trim();
    ReleaseClient releases =
        new ReleaseClient(TemporalConnection.using(env.getWorkflowClient(), taskQueue));
    Instant deadline = Instant.now().plusSeconds(20);
    while (releases.status(id).stage() != Stage.AWAITING_APPROVAL) {
      assertThat(Instant.now()).isBefore(deadline);
      Thread.sleep(100);
    }

    CliRun approve = cli("approve", id, "--as", "alice", "--comment", "fine " + EVIL);
    CliRun watch = cli("watch", id);
    CliRun status = cli("status", id);
    Path history = dir.resolve("history.json");
    Files.writeString(history, env.getWorkflowClient().fetchHistory(id).toJson(true));
    CliRun report = cli("audit", "report", history.toString());

    assertThat(approve.exit()).as(approve.toString()).isZero();
    ReleaseStatus done = releases.status(id);
    assertThat(done.approvals().get(0).comment())
        .as("the comment itself is kept as sent")
        .isEqualTo("fine " + EVIL);
    for (CliRun run : new CliRun[] {watch, status, report}) {
      assertThat(UNSAFE.matcher(run.out()).find()).as(run.toString()).isFalse();
      assertThat(run.out()).as(run.toString()).contains("fine ^[[2J^[]0;pwned^G");
    }
  }
}
