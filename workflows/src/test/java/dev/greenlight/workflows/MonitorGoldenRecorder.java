package dev.greenlight.workflows;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records {@code golden/monitor-pause-resume.json}: a release whose monitor sees no data twice in a
 * row ({@code inconclusive: {after: 2, then: pause}}), pauses, and is resumed by an operator
 * (change {@code monitor-grid-1}). Run as {@link GoldenHistoryRecorder} is, with {@code
 * dev.greenlight.workflows.MonitorGoldenRecorder}; it writes no other golden.
 */
public final class MonitorGoldenRecorder {
  private MonitorGoldenRecorder() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "workflows/src/test/resources/golden");
    Path specDir = Files.createTempDirectory("golden-spec");
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("golden");
      worker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class);
      FakeActivities fake = new FakeActivities();
      fake.inconclusiveSamples = new int[] {2, 3};
      worker.registerActivitiesImplementations(fake);
      env.start();
      String id = "shop-2.0.0-monitor-pause-resume";
      ReleaseWorkflow wf =
          env.getWorkflowClient()
              .newWorkflowStub(
                  ReleaseWorkflow.class,
                  WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("golden").build());
      WorkflowClient.start(
          wf::release,
          new ReleaseRequest(
              id,
              "2.0.0",
              "carol",
              SpecBuilder.release(specDir)
                  .with(
                      "monitor",
                      "{window: 1m, interval: 10s, inconclusive: {after: 2, then: pause}}")
                  .load()));
      awaitStatus(wf, s -> s.stage() == Stage.AWAITING_APPROVAL);
      wf.approveUpdate(Decision.approve("alice", "ship it"));
      awaitStatus(wf, s -> s.monitor().paused() != null);
      wf.resumeUpdate(Decision.withReason("bob", null));
      ReleaseStatus result = WorkflowStub.fromTyped(wf).getResult(ReleaseStatus.class);
      Path file = out.resolve("monitor-pause-resume.json");
      Files.writeString(file, env.getWorkflowClient().fetchHistory(id).toJson(true));
      System.out.println("monitor-pause-resume: " + result.state() + " -> " + file);
    }
    System.exit(0);
  }

  private static void awaitStatus(
      ReleaseWorkflow wf, java.util.function.Predicate<ReleaseStatus> until) throws Exception {
    for (int i = 0; i < 400; i++) {
      ReleaseStatus s = wf.status();
      if (s != null && until.test(s)) return;
      Thread.sleep(25);
    }
    throw new IllegalStateException("never got there; last: " + wf.status());
  }
}
