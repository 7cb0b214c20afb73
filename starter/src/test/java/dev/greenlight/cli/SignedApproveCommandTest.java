package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.Connector;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import dev.greenlight.testkit.SshKeys;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** greenlight approve with approval.signers: the message, signing via ssh-keygen, refusals. */
class SignedApproveCommandTest {
  @TempDir Path dir;

  private final FakeActivities activities = new FakeActivities();

  @RegisterExtension
  final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class)
          .setActivityImplementations(activities)
          .build();

  private TestWorkflowEnvironment env;
  private String taskQueue;
  private Connector connector;
  private Path alice;
  private Path bob;

  @BeforeEach
  void connect(TestWorkflowEnvironment env, WorkflowOptions options) throws Exception {
    this.env = env;
    taskQueue = options.getTaskQueue();
    connector =
        (address, namespace, queue) -> TemporalConnection.using(env.getWorkflowClient(), taskQueue);
    alice = SshKeys.generate(dir, "ed25519", "alice");
    bob = SshKeys.generate(dir, "ed25519", "bob");
    Files.writeString(
        dir.resolve("allowed_signers"),
        SshKeys.allowedSigner("alice", alice) + "\n" + SshKeys.allowedSigner("bob", bob) + "\n");
  }

  private CliRun cli(String... args) {
    return CliRun.of(connector, args);
  }

  private String startSigned() throws Exception {
    Path spec =
        SpecBuilder.in(dir)
            .app("shop")
            .with("health", "{path: /health, versionField: version}")
            .with("smoke", "[{name: health, path: /health, expect: 200}]")
            .with(
                "approval",
                "{approvers: [alice, bob], required: 1, timeout: 24h, signers: allowed_signers}")
            .with("monitor", "{window: 1m, interval: 10s}")
            .write("shop.yaml");
    CliRun run = cli("start", spec.toString(), "--version", "2.0.0", "--as", "carol");
    assertThat(run.exit()).as(run.toString()).isZero();
    String id = run.out().trim();
    ReleaseClient releases =
        new ReleaseClient(TemporalConnection.using(env.getWorkflowClient(), taskQueue));
    Instant deadline = Instant.now().plusSeconds(20);
    ReleaseStatus s = releases.status(id);
    while (s.stage() != Stage.AWAITING_APPROVAL) {
      assertThat(Instant.now()).as("awaiting approval: %s", s).isBefore(deadline);
      Thread.sleep(100);
      s = releases.status(id);
    }
    return id;
  }

  @Test
  void printMessageThenSignElsewhereOrWithSignKeyAndEachRefusalExits4() throws Exception {
    String id = startSigned();

    CliRun message = cli("approve", id, "--as", "alice", "--print-message");
    assertThat(message.exit()).as(message.toString()).isZero();
    assertThat(message.out())
        .isEqualTo(
            "greenlight approval v1\nrelease: "
                + id
                + "\napp: shop\nversion: 2.0.0\napprover: alice\n");

    CliRun unsigned = cli("approve", id, "--as", "alice");
    assertThat(unsigned.exit()).as(unsigned.toString()).isEqualTo(4);
    assertThat(unsigned.err()).startsWith("refused: missing signature");

    // alice signs the message of another release with her own ssh-keygen, then sends the file
    Path old =
        Files.writeString(
            dir.resolve("old-approval.txt"), message.out().replace(id, "shop-1.9.0-x1"));
    Files.writeString(
        dir.resolve("old-approval.txt.sig"), SshKeys.sign(alice, Files.readString(old)));
    CliRun stale =
        cli(
            "approve",
            id,
            "--as",
            "alice",
            "--signature-file",
            dir.resolve("old-approval.txt.sig").toString());
    assertThat(stale.exit()).as(stale.toString()).isEqualTo(4);
    assertThat(stale.err()).contains("signature over another release: it approves 'shop-1.9.0-x1'");

    CliRun wrongKey = cli("approve", id, "--as", "alice", "--sign-key", bob.toString());
    assertThat(wrongKey.exit()).as(wrongKey.toString()).isEqualTo(4);
    assertThat(wrongKey.err()).contains("unknown key for this approver");

    CliRun signal =
        cli(
            "approve",
            id,
            "--as",
            "alice",
            "--comment",
            "ok",
            "--sign-key",
            alice.toString(),
            "--print-signal");
    assertThat(signal.exit()).as(signal.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(signal.out());
    assertThat(json.get("approver").asText()).isEqualTo("alice");
    assertThat(json.get("comment").asText()).isEqualTo("ok");
    assertThat(json.get("signature").asText()).startsWith("-----BEGIN SSH SIGNATURE-----");
    assertThat(activities.calls).noneMatch(c -> c.startsWith("switch")); // nothing was sent

    CliRun ok = cli("approve", id, "--as", "alice", "--sign-key", alice.toString());
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.out().trim()).isEqualTo("approved by alice (1 of 1 approvals)");
    CliRun watch = cli("watch", id);
    assertThat(watch.out()).contains("ended SUCCEEDED");
    assertThat(activities.calls).contains("switch green 100");
  }

  @Test
  void signatureOptionsThatCannotGoTogetherAreUsageErrors() {
    CliRun both = cli("approve", "x", "--as", "alice", "--sign-key", "a", "--signature-file", "b");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("give one of them");
    CliRun unsignedSignal = cli("approve", "x", "--as", "alice", "--print-signal");
    assertThat(unsignedSignal.exit()).isEqualTo(2);
    assertThat(unsignedSignal.err())
        .contains("--print-signal needs --sign-key or --signature-file");
  }
}
