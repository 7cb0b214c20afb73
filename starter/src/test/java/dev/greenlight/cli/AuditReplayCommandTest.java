package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit replay} replays with the plain SDK (no test server, no Temporal) and catches a
 * changed path.
 */
class AuditReplayCommandTest {
  private static final Path GOLDEN = Path.of("../workflows/src/test/resources/golden");

  @TempDir Path dir;

  @Test
  void theGoldenHistoriesReplayWithNoTemporalAnywhere() {
    CliRun run = CliRun.of(null, "audit", "replay", GOLDEN.toString());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("5 of 5 histories replay");
  }

  @Test
  void aHistoryTheCodeWouldNotWriteFailsAsNonDeterministic() throws Exception {
    ObjectNode history =
        (ObjectNode) new ObjectMapper().readTree(GOLDEN.resolve("rejected.json").toFile());
    for (JsonNode event : history.get("events")) {
      JsonNode scheduled = event.get("activityTaskScheduledEventAttributes");
      if (scheduled != null) {
        ((ObjectNode) scheduled.get("activityType")).put("name", "NotAnActivityOfThisCode");
        break;
      }
    }
    Path tampered = dir.resolve("tampered.json");
    new ObjectMapper().writeValue(tampered.toFile(), history);

    CliRun run =
        CliRun.of(
            null,
            "audit",
            "replay",
            tampered.toString(),
            GOLDEN.resolve("rejected.json").toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out())
        .contains("FAIL  " + tampered + ": non-deterministic")
        .contains("ok    " + GOLDEN.resolve("rejected.json"))
        .contains("1 of 2 histories replay");
  }
}
