package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.DecisionPayload;
import dev.greenlight.api.model.Refusal;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.model.StepRecord;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowExtension;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a sender or a hook puts into a release, its status and its result stay far below what
 * Temporal accepts (2 MB per payload, 4 MB per gRPC message): an oversized command is refused and
 * the release goes on unharmed.
 */
class OversizedInputTest {
  private static final int MEGABYTE = 1 << 20;

  /** Far below Temporal's 2 MB payload limit, whatever came in. */
  private static final int SMALL = 64 * 1024;

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
  private int counter;

  @BeforeEach
  void setUp(WorkflowClient client, WorkflowOptions options) {
    this.client = client;
    queue = options.getTaskQueue();
  }

  private ReleaseWorkflow start() throws Exception {
    String id = "shop-2.0.0-o" + (++counter);
    ReleaseWorkflow wf =
        client.newWorkflowStub(
            ReleaseWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(queue).build());
    WorkflowClient.start(
        wf::release, new ReleaseRequest(id, "2.0.0", "carol", SpecBuilder.release(dir).load()));
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

  private static ReleaseStatus finish(ReleaseWorkflow wf) {
    return WorkflowStub.fromTyped(wf).getResult(ReleaseStatus.class);
  }

  /** The size of the status as Temporal carries it (query answer, workflow result). */
  private static int payloadSize(ReleaseStatus s) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(s).orElseThrow().getSerializedSize();
  }

  private static String huge(char c) {
    return String.valueOf(c).repeat(MEGABYTE);
  }

  @Test
  void threeOneMegabyteApproveSignalsAreRefusedAndTheReleaseStillGoesLive() throws Exception {
    ReleaseWorkflow wf = start();
    waitFor(wf, s -> s.stage() == Stage.AWAITING_APPROVAL);

    for (char c : new char[] {'a', 'b', 'c'})
      wf.approve(DecisionPayload.of(Decision.approve(huge(c), "me")));

    ReleaseStatus s = waitFor(wf, st -> st.refused().size() == 3);
    assertThat(payloadSize(s)).isLessThan(SMALL);
    assertThat(s.approvals()).isEmpty();
    // read as raw payloads: a megabyte is refused before it is even parsed
    assertThat(s.refused())
        .allSatisfy(r -> assertThat(r.reason()).startsWith("payload too large (1048"));

    // a long name under the payload limit is refused by the field rules, and clipped
    wf.approve(DecisionPayload.of(Decision.approve("d".repeat(5000), "me")));
    Refusal named = waitFor(wf, st -> st.refused().size() == 4).refused().get(3);
    assertThat(named.reason()).isEqualTo("approver: longer than 64 characters");
    assertThat(named.by()).hasSizeLessThanOrEqualTo(65).startsWith("d").endsWith("…");

    wf.approveUpdate(Decision.approve("alice", "ok"));
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(payloadSize(done)).isLessThan(SMALL);
    assertThat(done.approvals()).extracting(a -> a.approver()).containsExactly("alice");
  }

  @Test
  void oversizedCommentsAndReasonsAreRefusedAndAbortStillWorks() throws Exception {
    ReleaseWorkflow wf = start();
    waitFor(wf, s -> s.stage() == Stage.AWAITING_APPROVAL);

    wf.approve(DecisionPayload.of(Decision.approve("alice", "c".repeat(5000))));
    wf.reject(DecisionPayload.of(Decision.withReason("bob", "r".repeat(5000))));
    wf.abort(DecisionPayload.of(Decision.withReason("bob", "x".repeat(5000))));

    ReleaseStatus s = waitFor(wf, st -> st.refused().size() == 3);
    assertThat(payloadSize(s)).isLessThan(SMALL);
    assertThat(s.refused())
        .extracting(Refusal::reason)
        .containsExactly(
            "comment: longer than 1000 characters",
            "reason: longer than 1000 characters",
            "reason: longer than 1000 characters");
    assertThat(s.stage()).isEqualTo(Stage.AWAITING_APPROVAL);

    assertThat(wf.abortUpdate(Decision.withReason("bob", "wrong build")))
        .startsWith("aborted by bob");
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.ABORTED);
    assertThat(done.outcome()).contains("wrong build");
    assertThat(payloadSize(done)).isLessThan(SMALL);
  }

  @Test
  void updatesWithOversizedOrUnsafeFieldsAreRefusedNamingTheFieldAndLeaveNoTrace()
      throws Exception {
    ReleaseWorkflow wf = start();
    waitFor(wf, s -> s.stage() == Stage.AWAITING_APPROVAL);

    assertThatThrownBy(() -> wf.approveUpdate(Decision.approve("a".repeat(65), null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .satisfies(
            e ->
                assertThat(e.getCause().getMessage())
                    .contains("approver: longer than 64 characters"));
    assertThatThrownBy(() -> wf.approveUpdate(Decision.approve("alice\u001b[2J", null)))
        .satisfies(
            e ->
                assertThat(e.getCause().getMessage())
                    .contains("approver: ")
                    .doesNotContain("\u001b"));
    assertThatThrownBy(() -> wf.approveUpdate(Decision.approve("alice", "c".repeat(1001))))
        .satisfies(
            e ->
                assertThat(e.getCause().getMessage())
                    .contains("comment: longer than 1000 characters"));
    assertThatThrownBy(() -> wf.rejectUpdate(Decision.withReason("bob", "r".repeat(1001))))
        .satisfies(
            e ->
                assertThat(e.getCause().getMessage())
                    .contains("reason: longer than 1000 characters"));
    assertThatThrownBy(() -> wf.abortUpdate(Decision.withReason("b".repeat(65), "why")))
        .satisfies(
            e ->
                assertThat(e.getCause().getMessage())
                    .contains("approver: longer than 64 characters"));

    ReleaseStatus s = wf.status();
    assertThat(s.refused()).isEmpty();
    assertThat(s.approvals()).isEmpty();
    // At the limits themselves, it is accepted.
    wf.approveUpdate(Decision.approve("alice", "c".repeat(1000)));
    assertThat(finish(wf).state()).isEqualTo(ReleaseState.SUCCEEDED);
  }

  @Test
  void refusedListKeepsTheLatestEntriesAndCountsThemAll() throws Exception {
    ReleaseWorkflow wf = start();
    waitFor(wf, s -> s.stage() == Stage.AWAITING_APPROVAL);

    for (int i = 1; i <= 25; i++)
      wf.approve(DecisionPayload.of(Decision.approve("mallory" + i, null)));

    ReleaseStatus s = waitFor(wf, st -> st.refusedCount() == 25);
    assertThat(s.refused()).hasSize(StatusBoard.REFUSED_KEPT);
    assertThat(s.refused()).extracting(Refusal::by).startsWith("mallory6").endsWith("mallory25");
    wf.abortUpdate(Decision.withReason("bob", "done"));
    ReleaseStatus done = finish(wf);
    assertThat(done.refusedCount()).isEqualTo(25);
    assertThat(done.refused()).hasSize(StatusBoard.REFUSED_KEPT);
  }

  @Test
  void aHookPrintingMegabytesLeavesABoundedStepDetail() throws Exception {
    fake.deployOutput = "deployed\n" + "y".repeat(3 * MEGABYTE / 2);
    ReleaseWorkflow wf = start();

    ReleaseStatus s = waitFor(wf, st -> st.stage() == Stage.AWAITING_APPROVAL);
    StepRecord deploy = s.steps().get(0);
    assertThat(deploy.detail())
        .startsWith("deployed\nyyy")
        .contains("…")
        .endsWith("yyy")
        .hasSizeLessThanOrEqualTo(StatusBoard.DETAIL_MAX);
    wf.approveUpdate(Decision.approve("alice", null));
    ReleaseStatus done = finish(wf);
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(payloadSize(done)).isLessThan(SMALL);
  }
}
