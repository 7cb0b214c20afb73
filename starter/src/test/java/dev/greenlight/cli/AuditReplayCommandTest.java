package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
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
  void theGoldenHistoriesReplayWithNoTemporalAnywhere() throws Exception {
    long count;
    try (var files = java.nio.file.Files.list(GOLDEN)) {
      count = files.filter(f -> f.toString().endsWith(".json")).count();
    }
    // releases, undos and the app's own workflow: every kind of history Greenlight writes
    assertThat(count).isGreaterThanOrEqualTo(14);
    CliRun run = CliRun.of(null, "audit", "replay", GOLDEN.toString());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains(count + " of " + count + " histories replay");
    assertThat(run.out()).contains("ok    " + GOLDEN.resolve("lifecycle-undo.json"));
  }

  @Test
  void aHundredHistoriesReplayInOneCommandAndAChangedOneStillFails() throws Exception {
    Path many = dir.resolve("many");
    java.nio.file.Files.createDirectories(many);
    List<Path> golden;
    try (var files = java.nio.file.Files.list(GOLDEN)) {
      golden = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    for (int i = 0; i < 100; i++) {
      Path from = golden.get(i % golden.size());
      java.nio.file.Files.copy(from, many.resolve(String.format("%03d-%s", i, from.getFileName())));
    }

    CliRun all = CliRun.of(null, "audit", "replay", many.toString());
    assertThat(all.exit()).as(all.toString()).isZero();
    assertThat(all.out()).contains("100 of 100 histories replay").doesNotContain("FAIL");
    // replayed side by side, reported in file order
    List<String> reported =
        all.out().lines().filter(l -> l.startsWith("ok    ")).map(l -> l.substring(6)).toList();
    assertThat(reported).hasSize(100).isSorted();

    Path tampered = many.resolve("050-tampered.json");
    new ObjectMapper().writeValue(tampered.toFile(), tampered("rejected.json"));
    CliRun withChange = CliRun.of(null, "audit", "replay", many.toString());
    assertThat(withChange.exit()).as(withChange.toString()).isEqualTo(1);
    assertThat(withChange.out())
        .contains("FAIL  " + tampered + ": non-deterministic")
        .contains("100 of 101 histories replay");
  }

  private static ObjectNode tampered(String name) throws Exception {
    ObjectNode history = (ObjectNode) new ObjectMapper().readTree(GOLDEN.resolve(name).toFile());
    for (JsonNode event : history.get("events")) {
      JsonNode scheduled = event.get("activityTaskScheduledEventAttributes");
      if (scheduled != null) {
        ((ObjectNode) scheduled.get("activityType")).put("name", "NotAnActivityOfThisCode");
        break;
      }
    }
    return history;
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
