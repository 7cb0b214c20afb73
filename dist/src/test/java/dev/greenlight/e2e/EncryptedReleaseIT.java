package dev.greenlight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code greenlight worker --codec-key-file} as its own process and the operator's {@code
 * bin/greenlight} with {@code GREENLIGHT_CODEC_KEYS}: the release completes, and the history
 * Temporal stores holds no plaintext of the spec or the approval comment.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EncryptedReleaseIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMENT = "ship-it-said-the-auditor-7f3a";

  @TempDir static Path dir;

  private static ReleaseStack stack;
  private static Path spec;
  private static Map<String, String> keys;

  @BeforeAll
  static void startTheStack() throws Exception {
    stack = ReleaseStack.start(dir);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path keyFile = dir.resolve("codec.keys");
    Files.writeString(keyFile, "k1=" + Base64.getEncoder().encodeToString(key) + "\n");
    keys = Map.of("GREENLIGHT_CODEC_KEYS", keyFile.toString());
    stack.startWorker("--codec-key-file", keyFile.toString());
    spec = stack.spec().write("greenlight.yaml");
  }

  @AfterAll
  static void stopTheStack() {
    if (stack != null) stack.close();
  }

  @Test
  void aReleaseRunsEncryptedAndItsHistoryHoldsNoPlaintext() throws Exception {
    CliResult start =
        stack.cli(keys, "start", spec.toString(), "--version", "2.0.0", "--as", "carol");
    assertThat(start.exit()).as(start.toString()).isZero();
    String id = start.out().strip();

    Instant deadline = Instant.now().plusSeconds(90);
    while (true) {
      CliResult status = stack.cli(keys, "status", id, "--json");
      assertThat(status.exit()).as(status.toString()).isZero();
      if (JSON.readTree(status.out()).get("stage").asText().equals("AWAITING_APPROVAL")) break;
      assertThat(Instant.now()).as(status + stack.diagnostics()).isBefore(deadline);
      Thread.sleep(500);
    }
    CliResult approve = stack.cli(keys, "approve", id, "--as", "alice", "--comment", COMMENT);
    assertThat(approve.exit()).as(approve.toString()).isZero();
    CliResult watch = stack.cli(keys, "watch", id);
    assertThat(watch.exit()).as(watch + stack.diagnostics()).isZero();

    JsonNode done = JSON.readTree(stack.cli(keys, "status", id, "--json").out());
    assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.get("approvals").get(0).get("comment").asText()).isEqualTo(COMMENT);

    assertThat(Files.readString(spec)).contains("deploy-hook.sh", "switch.sh");
    String stored = stack.storedHistory(id);
    assertThat(stored)
        .as("the history Temporal stores")
        .contains("binary/encrypted")
        .doesNotContain(COMMENT)
        .doesNotContain("deploy-hook.sh")
        .doesNotContain("switch.sh");
    // without the key the operator gets a clear refusal, not the release
    CliResult withoutKey = stack.cli("status", id, "--json");
    assertThat(withoutKey.exit()).as(withoutKey.toString()).isEqualTo(2);
    assertThat(withoutKey.out()).doesNotContain(COMMENT);
  }
}
