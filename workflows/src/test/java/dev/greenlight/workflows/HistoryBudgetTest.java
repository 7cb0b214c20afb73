package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The history of a whole release stays small whatever the monitor window: the monitor runs as a few
 * long heartbeating activities, not one per sample. BENCHMARKS.md records the counts.
 */
class HistoryBudgetTest {
  @TempDir Path dir;

  @RegisterExtension
  final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class)
          .setActivityImplementations(new FakeActivities())
          .build();

  @ParameterizedTest(name = "{0}-minute window")
  @ValueSource(ints = {1, 15, 60})
  void aSuccessfulReleaseWritesAtMost300Events(
      int minutes, TestWorkflowEnvironment env, WorkflowOptions options) throws Exception {
    var spec =
        SpecBuilder.release(dir)
            .with("approval", "{approvers: [alice], timeout: 1h}")
            .with("monitor", "{window: " + minutes + "m, interval: 10s}")
            .load();
    String id = "shop-2.0.0-budget" + minutes;
    ReleaseWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                ReleaseWorkflow.class,
                WorkflowOptions.newBuilder(options).setWorkflowId(id).build());
    WorkflowClient.start(wf::release, new ReleaseRequest(id, "2.0.0", "carol", spec));
    for (int i = 0;
        i < 400 && (wf.status() == null || wf.status().stage() != Stage.AWAITING_APPROVAL);
        i++) {
      Thread.sleep(25);
    }
    wf.approveUpdate(Decision.approve("alice", null));
    ReleaseStatus done = WorkflowStub.fromTyped(wf).getResult(ReleaseStatus.class);
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(done.monitor().samples()).isEqualTo(minutes * 6);
    int events = env.getWorkflowClient().fetchHistory(id).getEvents().size();
    System.out.printf(
        "history budget: %d-minute window at 10s -> %d samples, %d events%n",
        minutes, done.monitor().samples(), events);
    assertThat(events).isLessThanOrEqualTo(300);
  }
}
