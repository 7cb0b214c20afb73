package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.approval.ApprovalMessage;
import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.DecisionPayload;
import dev.greenlight.api.model.Refusal;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import dev.greenlight.testkit.SshKeys;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed approvals (approval.signers) and raw signals as the Temporal UI sends them: each refusal
 * says why, a real ssh-keygen signature lets the release switch, and nothing sent is dropped.
 */
class SignedApprovalTest {
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
  private Path alice;
  private Path bob;

  @BeforeEach
  void setUp(WorkflowClient client, WorkflowOptions options) throws Exception {
    this.client = client;
    queue = options.getTaskQueue();
    alice = SshKeys.generate(dir, "ed25519", "alice");
    bob = SshKeys.generate(dir, "ecdsa", "bob");
    Files.writeString(
        dir.resolve("allowed_signers"),
        SshKeys.allowedSigner("alice", alice) + "\n" + SshKeys.allowedSigner("bob", bob) + "\n");
  }

  private ReleaseWorkflow start(String id) {
    ReleaseWorkflow wf =
        client.newWorkflowStub(
            ReleaseWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(queue).build());
    var spec =
        SpecBuilder.release(dir)
            .with(
                "approval",
                "{approvers: [alice, bob], required: 1, timeout: 24h, signers: allowed_signers}")
            .load();
    WorkflowClient.start(wf::release, new ReleaseRequest(id, "2.0.0", "carol", spec));
    return wf;
  }

  private static String message(String id, String approver) {
    return ApprovalMessage.of(id, "shop", "2.0.0", approver);
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

  @Test
  void unsignedOrWronglySignedUpdatesAreRefusedAndAnSshKeygenSignatureSwitches() throws Exception {
    String id = "shop-2.0.0-s1";
    ReleaseWorkflow wf = start(id);
    waitFor(wf, s -> s.stage() == Stage.AWAITING_APPROVAL);

    assertThatThrownBy(() -> wf.approveUpdate(Decision.approve("alice", "ok")))
        .satisfies(e -> assertThat(e.getCause().getMessage()).contains("missing signature"));
    String byBob = SshKeys.sign(bob, message(id, "alice"));
    assertThatThrownBy(() -> wf.approveUpdate(Decision.signedApproval("alice", null, byBob, null)))
        .satisfies(
            e ->
                assertThat(e.getCause().getMessage())
                    .contains("unknown key for this approver")
                    .contains("not listed for alice"));
    String other = message("shop-2.0.0-older", "alice");
    String overOther = SshKeys.sign(alice, other);
    assertThatThrownBy(
            () -> wf.approveUpdate(Decision.signedApproval("alice", null, overOther, other)))
        .satisfies(
            e ->
                assertThat(e.getCause().getMessage())
                    .contains("signature over another release: it approves 'shop-2.0.0-older'"));
    assertThatThrownBy(
            () -> wf.approveUpdate(Decision.signedApproval("alice", null, overOther, null)))
        .satisfies(e -> assertThat(e.getCause().getMessage()).contains("bad signature"));
    assertThat(fake.calls).noneMatch(c -> c.startsWith("switch"));
    ReleaseStatus before = wf.status();
    assertThat(before.approvals()).isEmpty();
    assertThat(before.refused()).isEmpty(); // refused updates leave no trace

    String good = SshKeys.sign(alice, message(id, "alice"));
    assertThat(wf.approveUpdate(Decision.signedApproval("alice", "ship it", good, null)))
        .startsWith("approved by alice");
    ReleaseStatus done = WorkflowStub.fromTyped(wf).getResult(ReleaseStatus.class);
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(fake.calls).contains("switch green 100");
    Approval a = done.approvals().get(0);
    assertThat(a.keyType()).isEqualTo("ssh-ed25519");
    assertThat(a.fingerprint()).isEqualTo(SshKeys.fingerprint(alice));

    // the history replays; with one bit of the signature altered it no longer does
    WorkflowExecutionHistory history = client.fetchHistory(id);
    WorkflowReplayer.replayWorkflowExecution(history, ReleaseWorkflowImpl.class);
    WorkflowExecutionHistory altered = alterSignature(history);
    assertThatThrownBy(
            () -> WorkflowReplayer.replayWorkflowExecution(altered, ReleaseWorkflowImpl.class))
        .hasStackTraceContaining("the approval by alice in this history does not verify");
  }

  @Test
  void rawSignalsAsTheUiSendsThemAreEachAppliedOrListedAndTheReleaseGoesOn() throws Exception {
    String id = "shop-2.0.0-s2";
    ReleaseWorkflow wf = start(id);
    waitFor(wf, s -> s.stage() == Stage.AWAITING_APPROVAL);
    WorkflowStub stub = WorkflowStub.fromTyped(wf);

    stub.signal("approve", DecisionPayload.json("\"alice\""));
    stub.signal("approve", DecisionPayload.json("{\"name\": \"alice\"}"));
    stub.signal("approve", DecisionPayload.json("{\"approver\": 42}"));
    stub.signal("approve", DecisionPayload.json("approve please"));
    stub.signal(
        "approve",
        DecisionPayload.json(
            "{\"approver\": \"alice\", \"comment\": \"" + "x".repeat(20_000) + "\"}"));
    stub.signal("approve", DecisionPayload.json("{\"approver\": \"alice\"}"));
    stub.signal("Approve", DecisionPayload.json("{\"approver\": \"alice\"}"));
    stub.signal("reject", DecisionPayload.json("{\"approver\": \"bob\"}"));
    stub.signal("abort", DecisionPayload.json("[1, 2]"));
    stub.signal("approve"); // no payload at all

    ReleaseStatus s = waitFor(wf, st -> st.refusedCount() == 10);
    assertThat(s.refused())
        .extracting(Refusal::command, Refusal::reason)
        .satisfiesExactly(
            r ->
                assertThat(r.toList().get(1).toString())
                    .startsWith("expected a JSON object with approver, got a string"),
            r -> assertThat(r.toList().get(1).toString()).startsWith("unknown field name"),
            r ->
                assertThat(r.toList().get(1).toString())
                    .isEqualTo("approver: expected a string, got a number"),
            r -> assertThat(r.toList().get(1).toString()).startsWith("not valid JSON"),
            r -> assertThat(r.toList().get(1).toString()).startsWith("payload too large"),
            r -> assertThat(r.toList().get(1).toString()).startsWith("missing signature"),
            r ->
                assertThat(r.toList())
                    .containsExactly(
                        "Approve",
                        "unknown signal 'Approve': signal names are lower case, send 'approve'"),
            r -> assertThat(r.toList()).containsExactly("reject", "a reason is required"),
            r -> assertThat(r.toList().get(1).toString()).startsWith("expected a JSON object"),
            r -> assertThat(r.toList().get(1).toString()).startsWith("no payload"));
    assertThat(s.stage()).isEqualTo(Stage.AWAITING_APPROVAL);
    assertThat(s.approvals()).isEmpty();

    // the JSON --print-signal prints, pasted into the UI's dialog: bob's ecdsa key
    String signature = SshKeys.sign(bob, message(id, "bob"));
    String json =
        "{\"approver\": \"bob\", \"comment\": \"from the UI\", \"signature\": "
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(signature)
            + "}";
    stub.signal("approve", DecisionPayload.json(json));
    ReleaseStatus done = stub.getResult(ReleaseStatus.class);
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(done.approvals())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.approver()).isEqualTo("bob");
              assertThat(a.via()).isEqualTo("signal");
              assertThat(a.keyType()).isEqualTo("ecdsa-sha2-nistp256");
              assertThat(a.fingerprint()).isEqualTo(SshKeys.fingerprint(bob));
            });
  }

  @Test
  void theCurrentDetailsSayWhoMayApproveHowManyTheDeadlineAndWhatToSend() {
    var spec =
        SpecBuilder.release(dir)
            .with(
                "approval",
                "{approvers: [alice, bob], required: 2, timeout: 24h, signers: allowed_signers}")
            .load()
            .approval();
    ApprovalDetails details =
        new ApprovalDetails(spec, "carol", "shop-2.0.0-s3", "2026-12-03T10:00:00Z");
    Approval one = new Approval("alice", "2026-12-02T10:00:00Z", null, "cli");
    assertThat(details.markdown(List.of(one)))
        .contains("who may approve: alice, bob (not carol)")
        .contains("still needed: 1 of 2 distinct approvals")
        .contains("deadline: 2026-12-03T10:00:00Z")
        .contains("signature: required")
        .contains("greenlight approve shop-2.0.0-s3 --as <name> --sign-key <key> --print-signal")
        .contains("{\"approver\": \"<name>\", \"comment\": \"...\", \"signature\":");
    var unsigned =
        SpecBuilder.release(dir)
            .with("approval", "{approvers: [], required: 1, timeout: 1h}")
            .load()
            .approval();
    assertThat(new ApprovalDetails(unsigned, "carol", "x", "soon").markdown(List.of()))
        .contains("who may approve: anyone but carol")
        .contains("signature: not required")
        .contains("`{\"approver\": \"<name>\", \"comment\": \"...\"}`");
  }

  /** The history with one bit flipped in the signature of every approve update or signal. */
  private static WorkflowExecutionHistory alterSignature(WorkflowExecutionHistory h) {
    History.Builder b = h.getHistory().toBuilder();
    for (int i = 0; i < b.getEventsCount(); i++) {
      HistoryEvent e = b.getEvents(i);
      if (e.hasWorkflowExecutionUpdateAcceptedEventAttributes()) {
        var attrs = e.getWorkflowExecutionUpdateAcceptedEventAttributes().toBuilder();
        var input = attrs.getAcceptedRequestBuilder().getInputBuilder();
        input.setArgs(alter(input.getArgs()));
        b.setEvents(i, e.toBuilder().setWorkflowExecutionUpdateAcceptedEventAttributes(attrs));
      }
    }
    return new WorkflowExecutionHistory(b.build(), h.getWorkflowExecution().getWorkflowId());
  }

  private static Payloads alter(Payloads args) {
    Payloads.Builder out = args.toBuilder();
    for (int i = 0; i < out.getPayloadsCount(); i++) {
      Payload p = out.getPayloads(i);
      String json = p.getData().toStringUtf8();
      var m =
          java.util.regex.Pattern.compile("SIGNATURE-----\\\\n([A-Za-z0-9+/]{20})").matcher(json);
      if (!m.find()) continue;
      byte[] chunk = Base64.getDecoder().decode(m.group(1).substring(0, 16));
      chunk[5] ^= 1;
      String flipped = Base64.getEncoder().encodeToString(chunk) + m.group(1).substring(16);
      json = json.substring(0, m.start(1)) + flipped + json.substring(m.end(1));
      out.setPayloads(i, p.toBuilder().setData(ByteString.copyFromUtf8(json)));
    }
    return out.build();
  }
}
