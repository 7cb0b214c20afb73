package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.lifecycle.UndoRequest;
import dev.greenlight.api.spec.RouterTypes;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
              "aborted.json",
              // after the switch (LifecycleGoldenRecorder)
              "lifecycle-app.json",
              "lifecycle-undo.json",
              "lifecycle-undo-refused.json",
              "lifecycle-undo-approved.json",
              "lifecycle-drift-caught.json",
              "lifecycle-drift-warn.json",
              "lifecycle-promote-full.json");
      return list;
    }
  }

  /**
   * Reads the history's input once outside the workflow thread, so the first replay on a busy
   * machine does not spend its 1 s deadlock allowance loading Jackson's classes for the spec.
   */
  private static void warmUp(WorkflowExecutionHistory h) {
    var input = h.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getInput();
    for (Class<?> type : List.of(ReleaseRequest.class, UndoRequest.class)) {
      try {
        GlobalDataConverter.get().fromPayloads(0, Optional.of(input), type, type);
      } catch (RuntimeException otherShape) {
        // an input of the other type: nothing to warm for this one
      }
    }
  }

  private static TestWorkflowEnvironment environment;
  private static Worker replayer;

  /**
   * One replaying worker for every history, with a deadlock allowance of two minutes instead of the
   * SDK's 1 s: the first workflow task of a cold JVM loads hundreds of SDK and Jackson classes,
   * which on a busy machine trips the detector, a failure that says nothing about determinism
   * ({@code audit replay} does the same, see ReleaseReplayer).
   */
  @BeforeAll
  static void startReplayer() {
    environment = TestWorkflowEnvironment.newInstance();
    replayer =
        environment.newWorker(
            "golden-replay",
            WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(120_000).build());
    // lifecycle-* histories are of the undo and the app's workflow (the lock) too
    replayer.registerWorkflowImplementationTypes(
        ReleaseWorkflowImpl.class, UndoWorkflowImpl.class, AppLockWorkflowImpl.class);
  }

  @AfterAll
  static void stopReplayer() {
    environment.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replaysAgainstTheCurrentWorkflowCode(Path history) throws Exception {
    WorkflowExecutionHistory h = WorkflowExecutionHistory.fromJson(Files.readString(history));
    RouterTypes.SUPPORTED.size(); // as a worker does: the registry loads outside workflow threads
    warmUp(h);
    try {
      WorkflowReplayer.replayWorkflowExecution(h, replayer);
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
