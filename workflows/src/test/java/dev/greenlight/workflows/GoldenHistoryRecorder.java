package dev.greenlight.workflows;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.DecisionPayload;
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
import java.util.function.Consumer;

/**
 * Records the golden histories replayed by {@link GoldenHistoryReplayTest}: one release per final
 * state, run by the current workflow code against fake activities. Run it only when a deliberate,
 * versioned change needs new goldens (see README, "Changing the workflow"):
 *
 * <pre>
 * mvn -q -pl workflows -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp workflows/target/test-classes:workflows/target/classes:$(cat workflows/target/cp.txt) \
 *   dev.greenlight.workflows.GoldenHistoryRecorder workflows/src/test/resources/golden</pre>
 *
 * (The classpath comes from the reactor: api and testkit are not installed in {@code ~/.m2}.)
 */
public final class GoldenHistoryRecorder {
  private GoldenHistoryRecorder() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "workflows/src/test/resources/golden");
    Files.createDirectories(out);
    Path specDir = Files.createTempDirectory("golden-spec");
    record(
        "succeeded",
        out,
        specDir,
        fake -> {},
        wf -> {
          await(wf, Stage.AWAITING_APPROVAL);
          wf.approveUpdate(Decision.approve("alice", "ship it"));
        });
    record(
        "rolled-back",
        out,
        specDir,
        fake -> fake.breachAtSample = 12,
        wf -> {
          await(wf, Stage.AWAITING_APPROVAL);
          wf.approve(DecisionPayload.of(Decision.approve("bob", "via the UI")));
        });
    record(
        "rejected",
        out,
        specDir,
        fake -> {},
        wf -> {
          await(wf, Stage.AWAITING_APPROVAL);
          wf.approve(DecisionPayload.of(Decision.approve("carol", "self-approval is refused")));
          wf.rejectUpdate(Decision.withReason("alice", "not during the sale"));
        });
    record("timed-out", out, specDir, fake -> {}, wf -> {});
    record(
        "aborted",
        out,
        specDir,
        fake -> fake.monitorBlocks = true,
        wf -> {
          await(wf, Stage.AWAITING_APPROVAL);
          wf.approveUpdate(Decision.approve("alice", null));
          await(wf, Stage.MONITORING);
          wf.abortUpdate(Decision.withReason("bob", "customers complain"));
        });
    System.exit(0);
  }

  private static void record(
      String name,
      Path out,
      Path specDir,
      Consumer<FakeActivities> setup,
      Consumer<ReleaseWorkflow> drive)
      throws Exception {
    // a main program, not a JUnit test: no TestWorkflowExtension to hand it an environment
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("golden");
      worker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class);
      FakeActivities fake = new FakeActivities();
      setup.accept(fake);
      worker.registerActivitiesImplementations(fake);
      env.start();
      String id = "shop-2.0.0-" + name;
      ReleaseWorkflow wf =
          env.getWorkflowClient()
              .newWorkflowStub(
                  ReleaseWorkflow.class,
                  WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("golden").build());
      WorkflowClient.start(
          wf::release,
          new ReleaseRequest(id, "2.0.0", "carol", SpecBuilder.release(specDir).load()));
      drive.accept(wf);
      ReleaseStatus result = WorkflowStub.fromTyped(wf).getResult(ReleaseStatus.class);
      String json = env.getWorkflowClient().fetchHistory(id).toJson(true);
      Files.writeString(out.resolve(name + ".json"), json);
      System.out.println(name + ": " + result.state() + " -> " + out.resolve(name + ".json"));
    }
  }

  private static void await(ReleaseWorkflow wf, Stage stage) {
    for (int i = 0; i < 400; i++) {
      ReleaseStatus s = wf.status();
      if (s != null && s.stage() == stage) return;
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("never reached " + stage);
  }
}
