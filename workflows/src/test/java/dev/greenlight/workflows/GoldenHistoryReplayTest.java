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
    warmUp(h);
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

  private static boolean warm;

  /**
   * Replays one history once before the checked replays, its result ignored: the first workflow
   * task of a cold JVM loads hundreds of SDK and Jackson classes, which on a busy machine trips the
   * SDK's 1s deadlock detector, a failure that says nothing about determinism. A running worker is
   * warm.
   */
  private static synchronized void warmUp(WorkflowExecutionHistory h) {
    if (warm) return;
    warm = true;
    try {
      WorkflowReplayer.replayWorkflowExecution(h, ReleaseWorkflowImpl.class);
    } catch (Exception | Error ignored) {
      // only the class loading mattered
    }
  }
}
