package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.model.Stage;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.Connector;
import dev.greenlight.client.codec.CodecKeys;
import dev.greenlight.client.codec.PayloadEncryption;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release with payload encryption on: the worker and the CLI encrypt, the exported history holds
 * no plaintext of the spec or the approval comment, and replay and report read it with the key.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EncryptedReleaseTest {
  private static final String KEY_LINE = "k1=" + key(1);
  private static final String BLUE_URL = "http://shop-blue.internal.example:8081";
  private static final String SMOKE_PATH = "/api/secret-catalogue-path";
  private static final String COMMENT = "comment-7f3e: ship it";

  @TempDir Path dir;

  @RegisterExtension
  final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class, AppLockWorkflowImpl.class)
          .setActivityImplementations(new FakeActivities())
          .setWorkflowClientOptions(
              WorkflowClientOptions.newBuilder()
                  .setDataConverter(
                      PayloadEncryption.dataConverter(CodecKeys.parse("worker", List.of(KEY_LINE))))
                  .build())
          .build();

  private TestWorkflowEnvironment env;
  private String taskQueue;
  private Connector connector;
  private Path keys;

  static String key(int fill) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) fill);
    return Base64.getEncoder().encodeToString(k);
  }

  @BeforeEach
  void connect(TestWorkflowEnvironment env, WorkflowOptions options) throws Exception {
    this.env = env;
    taskQueue = options.getTaskQueue();
    connector = (a, n, q) -> TemporalConnection.using(env.getWorkflowClient(), taskQueue);
    keys = Files.write(dir.resolve("codec.keys"), List.of(KEY_LINE));
  }

  private CliRun cli(String... args) {
    return CliRun.of(connector, args);
  }

  @Test
  void theExportedHistoryHoldsNoPlaintextAndTheKeyReadsItBack() throws Exception {
    Path spec =
        SpecBuilder.in(dir)
            .app("shop")
            .urls(BLUE_URL, "http://shop-green.internal.example:8082")
            .with("smoke", "[{name: catalogue, path: " + SMOKE_PATH + ", expect: 200}]")
            .with("approval", "{approvers: [alice, bob], required: 1, timeout: 24h}")
            .with("monitor", "{window: 1m, interval: 10s}")
            .write("shop.yaml");
    String k = "--codec-key-file=" + keys;
    CliRun start = cli("start", spec.toString(), "--version", "2.0.0", "--as", "carol", k);
    assertThat(start.exit()).as(start.toString()).isZero();
    String id = start.out().trim();
    awaitStage(id, Stage.AWAITING_APPROVAL);
    CliRun approve = cli("approve", id, "--as", "alice", "--comment", COMMENT, k);
    assertThat(approve.exit()).as(approve.toString()).isZero();
    CliRun watch = cli("watch", id, k);
    assertThat(watch.out()).as(watch.toString()).contains("ended SUCCEEDED");

    Path exported = dir.resolve("history.json");
    CliRun export = cli("audit", "export", id, "-o", exported.toString(), k);
    assertThat(export.exit()).as(export.toString()).isZero();
    // the stored history, byte for byte as protobuf: payload data is raw there, not base64
    String stored =
        new String(
            WorkflowExecutionHistory.fromJson(Files.readString(exported))
                .getHistory()
                .toByteArray(),
            StandardCharsets.ISO_8859_1);
    assertThat(stored)
        .doesNotContain("shop-blue.internal.example")
        .doesNotContain(SMOKE_PATH)
        .doesNotContain("ship it")
        .contains("binary/encrypted");

    CliRun replay = cli("audit", "replay", exported.toString(), k);
    assertThat(replay.exit()).as(replay.toString()).isZero();
    assertThat(replay.out()).contains("1 of 1 histories replay");
    Path report = dir.resolve("report.md");
    CliRun wrote = cli("audit", "report", exported.toString(), "-o", report.toString(), k);
    assertThat(wrote.exit()).as(wrote.toString()).isZero();
    assertThat(Files.readString(report)).contains(COMMENT).contains("alice");

    // without the key, or with another key under the same id: a clear error, nothing written
    CliRun noKey = cli("audit", "replay", exported.toString());
    assertThat(noKey.exit()).isEqualTo(1);
    assertThat(noKey.out()).contains("payload encrypted with key 'k1'");
    Path wrongKeys = Files.write(dir.resolve("wrong.keys"), List.of("k1=" + key(2)));
    Path none = dir.resolve("none.md");
    CliRun wrong =
        cli(
            "audit",
            "report",
            exported.toString(),
            "-o",
            none.toString(),
            "--codec-key-file=" + wrongKeys);
    assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(2);
    assertThat(wrong.err())
        .contains("payload encrypted with key 'k1' does not decrypt")
        .doesNotContain("\tat ");
    assertThat(none).doesNotExist();
    CliRun noKeyStatus = cli("status", id);
    assertThat(noKeyStatus.exit()).as(noKeyStatus.toString()).isEqualTo(2);
    assertThat(noKeyStatus.err().trim())
        .isEqualTo(
            "payload encrypted with key 'k1'; give its key with --codec-key-file or"
                + " GREENLIGHT_CODEC_KEYS");
    Path otherId = Files.write(dir.resolve("other.keys"), List.of("k2=" + key(1)));
    CliRun unknown = cli("status", id, "--codec-key-file=" + otherId);
    assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(2);
    assertThat(unknown.err()).contains("payload encrypted with key 'k1', not in --codec-key-file");
  }

  @Test
  void aBadKeyFileIsAUsageErrorNamingFileAndLineAndStartsNothing() throws Exception {
    Path bad = Files.write(dir.resolve("bad.keys"), List.of(KEY_LINE, "k2=c2hvcnQ="));
    Path spec = Specs.good(dir, "cart");
    CliRun run =
        cli(
            "start",
            spec.toString(),
            "--version",
            "1.0.0",
            "--as",
            "carol",
            "--codec-key-file=" + bad);
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains(bad + ":2: key 'k2' is 5 bytes").doesNotContain("c2hvcnQ=");
    assertThat(run.out()).isEmpty();
    CliRun list = cli("list", "--json", "--codec-key-file=" + keys);
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out().replaceAll("\\s", "")).as("nothing was started").isEqualTo("[]");
  }

  @Test
  void codecServerNeedsTheKeysAndAnOrigin() {
    CliRun noKeys = cli("codec-server", "--port", "0");
    assertThat(noKeys.exit()).as(noKeys.toString()).isEqualTo(2);
    assertThat(noKeys.err()).contains("needs the keys: give --codec-key-file");
    CliRun badOrigin =
        cli(
            "codec-server",
            "--port",
            "0",
            "--ui-origin",
            "localhost:8233/ui",
            "--codec-key-file=" + keys);
    assertThat(badOrigin.exit()).as(badOrigin.toString()).isEqualTo(2);
    assertThat(badOrigin.err()).contains("--ui-origin: 'localhost:8233/ui' is not an origin");
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
