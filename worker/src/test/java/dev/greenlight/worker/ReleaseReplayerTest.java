package dev.greenlight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.worker.ReleaseReplayer.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The replayer tells a slow replay from a changed path. The SDK reports both as a "query failure"
 * for workflow_id_in_replay; only TMPRL1100 means the code takes another path.
 */
class ReleaseReplayerTest {
  private static final String QUERY_FAILURE =
      "query failure for workflow_id: \"workflow_id_in_replay\"\nrun_id: \"run_id_in_replay\"\n,"
          + " queryType=__replay_only, args=Optional.empty, error=";

  @Test
  void aDeadlockDetectedInAColdJvmIsATimeoutNotNonDeterminism() {
    RuntimeException slow =
        new RuntimeException(
            QUERY_FAILURE
                + "[TMPRL1101] Potential deadlock detected. Workflow thread \"workflow-method\""
                + " didn't yield control for over a second.");

    assertThat(ReleaseReplayer.outcomeOf(slow)).isEqualTo(Outcome.TIMED_OUT);
  }

  @Test
  void aChangedPathIsNonDeterministic() {
    RuntimeException changed =
        new RuntimeException(
            "replay failed",
            new RuntimeException(
                QUERY_FAILURE
                    + "[TMPRL1100] Command COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK doesn't match"
                    + " EVENT_TYPE_ACTIVITY_TASK_SCHEDULED with EventId=5"));

    assertThat(ReleaseReplayer.outcomeOf(changed)).isEqualTo(Outcome.NON_DETERMINISTIC);
  }

  @Test
  void anythingElseIsAPlainFailure() {
    assertThat(ReleaseReplayer.outcomeOf(new IllegalStateException("no such payload")))
        .isEqualTo(Outcome.FAILED);
  }
}
