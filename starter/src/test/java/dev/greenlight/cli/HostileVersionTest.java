package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.SpecLoader;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.Connector;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A version that could run code in a hook, or forge output, never gets that far. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileVersionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @RegisterExtension
  final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class)
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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.0;touch x",
        "1.0; touch pwned",
        "$(touch pwned)",
        "`id`",
        "1.0&&id",
        "1.0|id",
        "1.0\nshop-9"
      })
  void startRefusesAVersionThatIsNotAReleaseVersionAndStartsNothing(String version)
      throws Exception {
    CliRun run =
        CliRun.of(
            connector,
            "start",
            Specs.good(dir, "shop").toString(),
            "--version",
            version,
            "--as",
            "carol");

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .contains("--version")
        .contains("is not a release version")
        .contains("letters, digits")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
    assertThat(JSON.readTree(CliRun.of(connector, "list", "--all", "--json").out())).isEmpty();
  }

  @Test
  void theClientRefusesItToo() throws Exception {
    ReleaseClient releases =
        new ReleaseClient(TemporalConnection.using(env.getWorkflowClient(), taskQueue));

    Throwable thrown =
        catchThrowable(
            () -> releases.start(SpecLoader.load(Specs.good(dir, "shop")), "1.0;touch x", "carol"));

    assertThat(thrown)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a release version");
    assertThat(releases.list(true)).isEmpty();
  }

  @Test
  void aReleaseStartedWithANewlineInItsVersionByAnotherClientCannotForgeRowsInList()
      throws Exception {
    // what an older client, or one that skips the checks, could have started
    WorkflowClient client = env.getWorkflowClient();
    String id = "shop-forged-k3f9";
    ReleaseWorkflow workflow =
        client.newWorkflowStub(
            ReleaseWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
    String forged = "1.0\nshop-9.9.9-zzzz  shop  9.9.9    SUCCEEDED\r\u001b[2J";
    WorkflowClient.start(
        workflow::release,
        new ReleaseRequest(id, forged, "carol", SpecLoader.load(Specs.good(dir, "shop"))));
    awaitStage(id, Stage.AWAITING_APPROVAL);

    CliRun run = CliRun.of(connector, "list");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out().lines().toList()).as(run.out()).hasSize(2);
    assertThat(run.out().lines().skip(1).findFirst().orElseThrow())
        .startsWith(id)
        .contains("shop-9.9.9-zzzz");
    assertThat(run.out()).doesNotContain("\r").doesNotContain("\u001b");
  }

  private void awaitStage(String id, Stage stage) throws Exception {
    ReleaseClient releases =
        new ReleaseClient(TemporalConnection.using(env.getWorkflowClient(), taskQueue));
    Instant deadline = Instant.now().plusSeconds(20);
    while (releases.status(id).stage() != stage) {
      assertThat(Instant.now()).as("release %s to reach %s", id, stage).isBefore(deadline);
      Thread.sleep(100);
    }
  }
}
