package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.spec.RouterTypes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the checked-in histories of real releases (one per final state) against the current
 * workflow code. A failure here means a change would break releases already running in production.
 */
class GoldenHistoryReplayTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");

  static List<Path> histories() throws Exception {
    try (Stream<Path> files = Files.list(GOLDEN)) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(list)
          .extracting(p -> p.getFileName().toString())
          .contains(
              "succeeded.json",
              "rolled-back.json",
              "rejected.json",
              "timed-out.json",
              "aborted.json");
      return list;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replaysAgainstTheCurrentWorkflowCode(Path history) throws Exception {
    WorkflowExecutionHistory h = WorkflowExecutionHistory.fromJson(Files.readString(history));
    RouterTypes.SUPPORTED.size(); // as a worker does: the registry loads outside workflow threads
    try {
      WorkflowReplayer.replayWorkflowExecution(h, ReleaseWorkflowImpl.class);
    } catch (RuntimeException e) {
      throw new AssertionError(
          history.getFileName()
              + " no longer replays: the change alters the commands of a running release. Put it"
              + " behind Workflow.getVersion(\"<change-id>\", DEFAULT_VERSION, 1) so old histories"
              + " keep their path (README, \"Changing the workflow\"). Cause: "
              + e.getMessage(),
          e);
    }
  }
}
