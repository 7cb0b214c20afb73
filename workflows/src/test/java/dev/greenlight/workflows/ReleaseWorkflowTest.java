package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.SearchAttributes;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.model.StepRecord;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every path through the release, with fake activities and time skipping. */
class ReleaseWorkflowTest {
  @TempDir Path dir;
  private final FakeActivities fake = new FakeActivities();

  @RegisterExtension
  final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class)
          .setActivityImplementations(fake)
          .build();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String queue;
  private int counter;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowOptions options) {
    this.env = env;
    client = env.getWorkflowClient();
    queue = options.getTaskQueue();
  }

  private ReleaseWorkflow start(ReleaseSpec spec, String initiator) {
    String id = "shop-2.0.0-t" + (++counter);
    ReleaseWorkflow wf =
        client.newWorkflowStub(
            ReleaseWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(queue).build());
    WorkflowClient.start(wf::release, new ReleaseRequest(id, "2.0.0", initiator, spec));
    return wf;
  }

  private ReleaseWorkflow start() throws Exception {
    return start(SpecBuilder.release(dir).load(), "carol");
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

  private static ReleaseStatus awaitingApproval(ReleaseWorkflow wf) throws InterruptedException {
    return waitFor(wf, s -> s.stage() == Stage.AWAITING_APPROVAL);
  }

  private ReleaseStatus finish(ReleaseWorkflow wf) {
    return io.temporal.client.WorkflowStub.fromTyped(wf).getResult(ReleaseStatus.class);
  }

  private static StepRecord step(ReleaseStatus s, String name) {
    return s.steps().stream()
        .filter(x -> x.name().equals(name))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no step " + name + " in " + s.steps()));
  }

  @Test
  void happyReleaseGoesLiveAfterApprovalAndAFullMonitorWindow() throws Exception {
    ReleaseWorkflow wf = start();
    ReleaseStatus waiting = awaitingApproval(wf);
    assertThat(waiting.live()).isEqualTo("blue");
    assertThat(waiting.target()).isEqualTo("green");
    assertThat(waiting.migrations())
        .extracting(m -> m.script())
        .containsExactly("V2__add_order_note.sql");

    String answer = wf.approveUpdate(Decision.approve("alice", "looks good"));
    assertThat(answer).contains("approved by alice");

    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(done.stage()).isEqualTo(Stage.DONE);
    assertThat(done.live()).isEqualTo("green");
    assertThat(done.trafficPercent()).isEqualTo(100);
    assertThat(done.approvals()).extracting(a -> a.approver()).containsExactly("alice");
    assertThat(done.approvals().get(0).comment()).isEqualTo("looks good");
    // 15 minutes at a 10 s interval: 90 samples, in a handful of activities (history budget)
    assertThat(done.monitor().samples()).isEqualTo(90);
    assertThat(fake.calls.stream().filter(c -> c.startsWith("watch"))).hasSize(15);
    assertThat(done.steps())
        .extracting(StepRecord::name)
        .containsExactly("deploy", "health", "migrate", "smoke", "approval", "switch", "monitor");
    assertThat(done.steps()).allMatch(s -> s.status().equals("SUCCEEDED"));
    assertThat(done.outcome()).contains("2.0.0 is live on green").contains("alice");
    assertThat(fake.live).isEqualTo(Color.GREEN);
    assertThat(fake.calls)
        .contains(
            "deploy green 2.0.0", "smoke green", "smoke blue", "switch green 100", "verify green");
  }

  private void assertFailsBeforeSwitch(String failing, String step) throws Exception {
    fake.failing.add(failing);
    ReleaseStatus done = finish(start());
    assertThat(done.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(step(done, step).status()).isEqualTo("FAILED");
    assertThat(done.live()).isEqualTo("blue");
    assertThat(done.outcome()).contains("traffic stays on blue");
    assertThat(fake.calls).noneMatch(c -> c.startsWith("switch"));
    assertThat(fake.live).isEqualTo(Color.BLUE);
  }

  @Test
  void failingDeployNeverSwitches() throws Exception {
    assertFailsBeforeSwitch("deploy", "deploy");
    assertThat(fake.calls).doesNotContain("migrate");
  }

  @Test
  void failingHealthNeverSwitches() throws Exception {
    assertFailsBeforeSwitch("health", "health");
  }

  @Test
  void failingMigrationNeverSwitches() throws Exception {
    assertFailsBeforeSwitch("migrate", "migrate");
    assertThat(fake.calls).noneMatch(c -> c.startsWith("smoke"));
    assertThat(finish(start()).outcome())
        .as("nothing applied, nothing to name")
        .doesNotContain("stay applied");
  }

  @Test
  void aMigrationFailingAfterOthersWereAppliedNamesThoseThatStayApplied() throws Exception {
    fake.failing.add("migrate-after-v2");
    ReleaseStatus done = finish(start());
    assertThat(done.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(step(done, "migrate").status()).isEqualTo("FAILED");
    assertThat(fake.calls).noneMatch(c -> c.startsWith("smoke") || c.startsWith("switch"));
    assertThat(done.migrations())
        .extracting(m -> m.script())
        .containsExactly("V2__add_order_note.sql");
    assertThat(done.outcome())
        .startsWith("Migrate failed: migration V3__orders.sql failed")
        .contains("traffic stays on blue")
        .endsWith(" Migrations V2 stay applied (backward compatible by rule).");
  }

  @Test
  void failingSmokeOnTheNewColorNeverSwitches() throws Exception {
    assertFailsBeforeSwitch("smoke-target", "smoke");
    assertThat(fake.calls).doesNotContain("smoke blue");
  }

  @Test
  void failingSmokeOnTheLiveColorOnTheNewSchemaNeverSwitchesAndKeepsMigrations() throws Exception {
    fake.failing.add("smoke-live");
    ReleaseStatus done = finish(start());
    assertThat(done.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(step(done, "smoke").detail()).contains("blue (live, on the new schema)");
    assertThat(done.outcome()).contains("V2 stay applied");
    assertThat(fake.live).isEqualTo(Color.BLUE);
  }

  @Test
  void failingSwitchRollsTrafficBack() throws Exception {
    fake.failing.add("switch");
    ReleaseWorkflow wf = start();
    awaitingApproval(wf);
    wf.approveUpdate(Decision.approve("bob", null));
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(step(done, "switch").status()).isEqualTo("FAILED");
    assertThat(step(done, "rollback").status()).isEqualTo("SUCCEEDED");
    assertThat(done.live()).isEqualTo("blue");
    assertThat(done.outcome()).contains("traffic is back on blue");
    assertThat(fake.calls).contains("switch blue 100", "verify blue");
  }

  @Test
  void failedVerificationIsAFailedSwitchAndRollsBack() throws Exception {
    fake.failing.add("verify");
    ReleaseWorkflow wf = start();
    awaitingApproval(wf);
    wf.approveUpdate(Decision.approve("bob", null));
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(step(done, "switch").detail()).contains("verify broke on purpose");
    assertThat(fake.live).isEqualTo(Color.BLUE);
    assertThat(done.live()).isEqualTo("blue");
  }

  @Test
  void monitorBreachRollsBackToTheOldColor() throws Exception {
    fake.breachAtSample = 30;
    ReleaseWorkflow wf = start();
    awaitingApproval(wf);
    wf.approveUpdate(Decision.approve("alice", null));
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(done.monitor().samples()).isEqualTo(30);
    assertThat(done.monitor().breaches()).isEqualTo(1);
    assertThat(done.outcome())
        .contains("monitor breach")
        .contains("error rate 40.0%")
        .contains("back on blue");
    assertThat(done.live()).isEqualTo("blue");
    assertThat(fake.live).isEqualTo(Color.BLUE);
  }

  @Test
  void rejectEndsRejectedAndNeverSwitches() throws Exception {
    ReleaseWorkflow wf = start();
    awaitingApproval(wf);
    wf.rejectUpdate(Decision.withReason("bob", "not during the sale"));
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.REJECTED);
    assertThat(done.outcome())
        .contains("Rejected by bob: not during the sale")
        .contains("nothing was switched");
    assertThat(fake.calls).noneMatch(c -> c.startsWith("switch"));
  }

  @Test
  void noDecisionInTimeEndsTimedOutAndNeverSwitches() throws Exception {
    ReleaseStatus done = finish(start()); // time skipping jumps the 24h approval timeout
    assertThat(done.state()).isEqualTo(ReleaseState.TIMED_OUT);
    assertThat(done.outcome()).contains("No approval within 24h").contains("0 of 1 approvals");
    assertThat(fake.calls).noneMatch(c -> c.startsWith("switch"));
  }

  @Test
  void abortBeforeTheSwitchCleansUpWithoutTouchingTraffic() throws Exception {
    ReleaseWorkflow wf = start();
    awaitingApproval(wf);
    wf.abortUpdate(Decision.withReason("carol", "wrong build"));
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.ABORTED);
    assertThat(done.outcome())
        .contains("Aborted by carol during AWAITING_APPROVAL: wrong build")
        .contains("stays on blue");
    assertThat(fake.calls).noneMatch(c -> c.startsWith("switch"));
  }

  @Test
  void abortAfterTheSwitchRollsTrafficBack() throws Exception {
    fake.monitorBlocks = true;
    ReleaseWorkflow wf = start();
    awaitingApproval(wf);
    wf.approveUpdate(Decision.approve("alice", null));
    waitFor(wf, s -> s.stage() == Stage.MONITORING);
    assertThat(fake.live).isEqualTo(Color.GREEN);
    wf.abortUpdate(Decision.withReason("alice", "customers complain"));
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.ABORTED);
    assertThat(done.outcome()).contains("during MONITORING").contains("back on blue");
    assertThat(fake.live).isEqualTo(Color.BLUE);
    assertThat(step(done, "monitor").status()).isEqualTo("CANCELED");
  }

  @Test
  void approvalRulesRefuseNonApproversTheInitiatorAndDoubleApprovalsLeavingNoTrace()
      throws Exception {
    ReleaseSpec spec =
        SpecBuilder.release(dir)
            .with("approval", "{approvers: [alice, bob, carol], required: 2, timeout: 1h}")
            .with("monitor", "{window: 1m, interval: 10s}")
            .load();
    ReleaseWorkflow wf = start(spec, "carol");
    awaitingApproval(wf);

    assertThatThrownBy(() -> wf.approveUpdate(Decision.approve("mallory", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .satisfies(
            e -> assertThat(e.getCause().getMessage()).contains("mallory is not an approver"));
    assertThatThrownBy(() -> wf.approveUpdate(Decision.approve("carol", null)))
        .satisfies(
            e -> assertThat(e.getCause().getMessage()).contains("carol started this release"));
    wf.approveUpdate(Decision.approve("alice", null));
    assertThatThrownBy(() -> wf.approveUpdate(Decision.approve("alice", "again")))
        .satisfies(
            e -> assertThat(e.getCause().getMessage()).contains("alice has already approved"));

    ReleaseStatus midway = wf.status();
    assertThat(midway.stage()).isEqualTo(Stage.AWAITING_APPROVAL);
    assertThat(midway.approvals()).extracting(a -> a.approver()).containsExactly("alice");
    assertThat(midway.refused()).isEmpty(); // refused updates leave no trace

    wf.approveUpdate(Decision.approve("bob", null));
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(done.approvals()).extracting(a -> a.approver()).containsExactly("alice", "bob");
  }

  @Test
  void approvingBeforeTheApprovalStageIsRefused() throws Exception {
    fake.monitorBlocks = true;
    ReleaseWorkflow wf = start();
    awaitingApproval(wf);
    wf.approveUpdate(Decision.approve("alice", null));
    waitFor(wf, s -> s.stage() == Stage.MONITORING);
    assertThatThrownBy(() -> wf.approveUpdate(Decision.approve("bob", null)))
        .satisfies(
            e ->
                assertThat(e.getCause().getMessage())
                    .contains("not awaiting approval (stage MONITORING)"));
    assertThatThrownBy(() -> wf.rejectUpdate(Decision.withReason("bob", "late")))
        .satisfies(e -> assertThat(e.getCause().getMessage()).contains("use abort"));
    wf.abortUpdate(Decision.withReason("bob", "cleanup"));
    finish(wf);
  }

  /**
   * Sends a signal exactly as the Temporal UI does: one json/plain payload holding the JSON text.
   */
  private void rawSignal(String workflowId, String name, String json) {
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))
            .build();
    env.getWorkflowServiceStubs()
        .blockingStub()
        .signalWorkflowExecution(
            SignalWorkflowExecutionRequest.newBuilder()
                .setNamespace(env.getNamespace())
                .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .setSignalName(name)
                .setInput(Payloads.newBuilder().addPayloads(payload))
                .setIdentity("temporal-ui")
                .build());
  }

  @Test
  void rawUiSignalsFollowTheSameRulesAndRefusalsAreListed() throws Exception {
    ReleaseWorkflow wf = start();
    String id = awaitingApproval(wf).id();

    rawSignal(id, "approve", "{\"approver\": \"carol\", \"comment\": \"self\"}");
    rawSignal(id, "approve", "{\"approver\": \"mallory\"}");
    ReleaseStatus refused = waitFor(wf, s -> s.refused().size() == 2);
    assertThat(refused.approvals()).isEmpty();
    assertThat(refused.refused()).extracting(r -> r.by()).containsExactly("carol", "mallory");
    assertThat(refused.refused().get(0).reason()).contains("cannot approve");

    rawSignal(id, "approve", "{\"approver\": \"bob\", \"comment\": \"ship it\"}");
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(done.approvals())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.approver()).isEqualTo("bob");
              assertThat(a.comment()).isEqualTo("ship it");
              assertThat(a.via()).isEqualTo("signal");
            });
  }

  @Test
  void rawUiRejectSignalEndsRejected() throws Exception {
    ReleaseWorkflow wf = start();
    String id = awaitingApproval(wf).id();
    rawSignal(id, "reject", "{\"approver\": \"alice\", \"reason\": \"breaks checkout\"}");
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.REJECTED);
    assertThat(done.outcome()).contains("breaks checkout");
  }

  @Test
  void searchAttributesFollowTheStageWhenTheNamespaceHasThem() throws Exception {
    for (var key : SearchAttributes.ALL) {
      env.registerSearchAttribute(
          key.getName(), io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    String id = "shop-2.0.0-indexed";
    ReleaseWorkflow wf =
        client.newWorkflowStub(
            ReleaseWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(queue).build());
    WorkflowClient.start(
        wf::release,
        new ReleaseRequest(id, "2.0.0", "carol", SpecBuilder.release(dir).load(), true));
    awaitingApproval(wf);
    var attrs = client.newUntypedWorkflowStub(id).describe().getTypedSearchAttributes();
    assertThat(attrs.get(SearchAttributes.APP)).isEqualTo("shop");
    assertThat(attrs.get(SearchAttributes.VERSION)).isEqualTo("2.0.0");
    assertThat(attrs.get(SearchAttributes.STAGE)).isEqualTo("AWAITING_APPROVAL");
    wf.rejectUpdate(Decision.withReason("alice", "no"));
    finish(wf);
    assertThat(
            client
                .newUntypedWorkflowStub(id)
                .describe()
                .getTypedSearchAttributes()
                .get(SearchAttributes.STAGE))
        .isEqualTo("DONE");
  }

  private ReleaseSpec progressive() {
    return SpecBuilder.release(dir)
        .with("approval", "{approvers: [alice], timeout: 1h}")
        .with("monitor", "{window: 1m, interval: 10s}")
        .with(
            "router",
            "{type: haproxy, url: \"http://127.0.0.1:18080\", haproxy: {socket:"
                + " /run/haproxy/admin.sock, backend: app}, steps: [10, 50, 100], stepHold: 1m}")
        .load();
  }

  @Test
  void progressiveStepsMoveTrafficInOrderWithAMonitoredHoldAtEach() throws Exception {
    ReleaseWorkflow wf = start(progressive(), "carol");
    awaitingApproval(wf);
    wf.approveUpdate(Decision.approve("alice", null));
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(fake.calls.stream().filter(c -> c.startsWith("switch")))
        .containsExactly("switch green 10", "switch green 50", "switch green 100");
    assertThat(done.steps())
        .extracting(StepRecord::name)
        .containsSubsequence("switch", "hold", "switch", "hold", "switch", "monitor");
    assertThat(done.monitor().samples()).isEqualTo(18); // two 1m holds and a 1m window at 10s
  }

  @Test
  void aBreachAtFiftyPercentSendsAllTrafficBack() throws Exception {
    fake.breachAtSample = 8; // the second sample of the 50% hold
    ReleaseWorkflow wf = start(progressive(), "carol");
    awaitingApproval(wf);
    wf.approveUpdate(Decision.approve("alice", null));
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(done.outcome()).contains("monitor breach at 50% on green").contains("back on blue");
    assertThat(done.trafficPercent()).isZero();
    assertThat(fake.calls.stream().filter(c -> c.startsWith("switch")))
        .containsExactly("switch green 10", "switch green 50", "switch blue 100");
    assertThat(fake.live).isEqualTo(Color.BLUE);
  }
}
