package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pause} and {@code resume}, and {@code monitor.inconclusive: {then: pause}}: the release
 * holds (no samples, no next step) until an operator resumes or aborts it.
 */
class PauseResumeTest {
  @TempDir Path dir;
  private final FakeActivities fake = new FakeActivities();

  @RegisterExtension
  final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class)
          .setActivityImplementations(fake)
          .build();

  private WorkflowClient client;
  private String queue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowOptions options) {
    client = env.getWorkflowClient();
    queue = options.getTaskQueue();
  }

  private ReleaseWorkflow start(ReleaseSpec spec) {
    String id = "shop-2.0.0-pause";
    ReleaseWorkflow wf =
        client.newWorkflowStub(
            ReleaseWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(queue).build());
    WorkflowClient.start(wf::release, new ReleaseRequest(id, "2.0.0", "carol", spec));
    return wf;
  }

  private static ReleaseStatus waitFor(ReleaseWorkflow wf, Predicate<ReleaseStatus> until)
      throws InterruptedException {
    for (int i = 0; i < 400; i++) {
      ReleaseStatus s = wf.status();
      if (s != null && until.test(s)) return s;
      Thread.sleep(25);
    }
    throw new AssertionError("release never reached the expected state; last: " + wf.status());
  }

  private static String refusal(Runnable update) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(update::run);
    assertThat(t).isInstanceOf(WorkflowUpdateException.class);
    // the validator's IllegalArgumentException, as the CLI shows it
    String m = t.getCause().getMessage();
    return m.startsWith("message='") ? m.substring(9, m.indexOf("', type=")) : m;
  }

  @Test
  void inconclusiveSamplesPauseTheReleaseUntilAnOperatorResumesIt() throws Exception {
    fake.inconclusiveSamples = new int[] {2, 3};
    ReleaseWorkflow wf =
        start(
            SpecBuilder.release(dir)
                .with("monitor", "{window: 1m, interval: 10s, inconclusive: {after: 2}}")
                .load());
    waitFor(wf, s -> s.stage() == Stage.AWAITING_APPROVAL);
    assertThat(refusal(() -> wf.pauseUpdate(Decision.withReason("bob", "wait"))))
        .contains("can be paused only while traffic moves or is watched (stage AWAITING_APPROVAL");
    assertThat(refusal(() -> wf.resumeUpdate(Decision.withReason("bob", null))))
        .isEqualTo("the release is not paused");
    wf.approveUpdate(Decision.approve("alice", null));

    ReleaseStatus paused = waitFor(wf, s -> s.monitor().paused() != null);
    assertThat(paused.state()).isEqualTo(ReleaseState.RUNNING);
    assertThat(paused.stage()).isEqualTo(Stage.MONITORING);
    assertThat(paused.monitor().paused())
        .isEqualTo("paused by monitor: 2 inconclusive samples in a row (last: no data)");
    assertThat(paused.monitor().samples()).isEqualTo(3);
    assertThat(paused.monitor().lastVerdict()).isEqualTo("INCONCLUSIVE");
    Thread.sleep(300);
    assertThat(wf.status().monitor().samples()).as("no samples while paused").isEqualTo(3);
    assertThat(refusal(() -> wf.pauseUpdate(Decision.withReason("bob", null))))
        .startsWith("the release is already paused by monitor");

    assertThat(wf.resumeUpdate(Decision.withReason("bob", null))).startsWith("resumed by bob");
    ReleaseStatus done = WorkflowStub.fromTyped(wf).getResult(ReleaseStatus.class);
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    // the remaining window after the resume: the minute's 6 samples in all
    assertThat(done.monitor().samples()).isEqualTo(6);
    assertThat(done.monitor().inconclusive()).isEqualTo(2);
    assertThat(done.monitor().paused()).isNull();
  }

  @Test
  void aReleasePausedDuringAProgressiveHoldTakesNoNextStepAndAnAbortRollsItBack() throws Exception {
    fake.inconclusiveSamples = new int[] {1, 3};
    ReleaseWorkflow wf =
        start(
            SpecBuilder.release(dir)
                .with(
                    "router",
                    "{type: haproxy, url: \"http://127.0.0.1:18080\", haproxy: {socket:"
                        + " /run/haproxy/admin.sock, backend: app}, steps: [10, 100], stepHold:"
                        + " 1m}")
                .with(
                    "monitor", "{window: 1m, interval: 10s, inconclusive: {after: 3, then: pause}}")
                .load());
    waitFor(wf, s -> s.stage() == Stage.AWAITING_APPROVAL);
    wf.approveUpdate(Decision.approve("alice", null));
    ReleaseStatus paused = waitFor(wf, s -> s.monitor().paused() != null);
    assertThat(paused.trafficPercent()).isEqualTo(10);
    Thread.sleep(300);
    assertThat(wf.status().trafficPercent()).as("no next step while paused").isEqualTo(10);

    wf.abortUpdate(Decision.withReason("bob", "no metrics, no release"));
    ReleaseStatus done = WorkflowStub.fromTyped(wf).getResult(ReleaseStatus.class);
    assertThat(done.state()).isEqualTo(ReleaseState.ABORTED);
    assertThat(fake.live).isEqualTo(Color.BLUE);
  }

  @Test
  void pauseNeedsANameAndAConsecutiveRuleWithoutBadSamplesChangesNothing() throws Exception {
    fake.breachAtSample = 0;
    ReleaseWorkflow wf =
        start(
            SpecBuilder.release(dir)
                .with("monitor", "{window: 1m, interval: 10s, consecutive: 2}")
                .load());
    waitFor(wf, s -> s.stage() == Stage.AWAITING_APPROVAL);
    assertThat(refusal(() -> wf.pauseUpdate(Decision.withReason("", null))))
        .isEqualTo("the sender's name is required");
    wf.approveUpdate(Decision.approve("alice", null));
    ReleaseStatus done = WorkflowStub.fromTyped(wf).getResult(ReleaseStatus.class);
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(done.monitor().samples()).isEqualTo(6);
  }
}
