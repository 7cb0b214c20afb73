package dev.greenlight.workflows;

import dev.greenlight.api.model.Stage;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How one step of the runbook runs: it sets the stage, records the step in status, and ends it as
 * SUCCEEDED with a detail, FAILED with a plain message ({@link StepFailure}), or CANCELED by a
 * reject or abort. Workflow code.
 */
final class Steps {
  private final StatusBoard board;
  private final ReleaseDecisions decisions;

  Steps(StatusBoard board, ReleaseDecisions decisions) {
    this.board = board;
    this.decisions = decisions;
  }

  /** Runs a step whose result is its detail. */
  String run(String name, Stage stage, Supplier<String> body) {
    return run(name, stage, body, detail -> detail);
  }

  /** Runs a step; {@code detail} words its result for status. */
  <T> T run(String name, Stage stage, Supplier<T> body, Function<T, String> detail) {
    board.stage(stage);
    board.beginStep(name);
    try {
      T result = body.get();
      board.endStep(name, "SUCCEEDED", detail.apply(result));
      return result;
    } catch (CanceledFailure e) {
      board.endStep(name, "CANCELED", stopText());
      throw e;
    } catch (ActivityFailure e) {
      if (decisions.stop() != null || e.getCause() instanceof CanceledFailure) {
        board.endStep(name, "CANCELED", stopText());
        throw e;
      }
      String msg = FailureText.of(e);
      board.endStep(name, "FAILED", msg);
      throw new StepFailure(name, name + " failed: " + msg);
    } catch (StepFailure | ApprovalEnded e) {
      board.endStep(name, "FAILED", e.getMessage());
      throw e;
    }
  }

  private String stopText() {
    Stop stop = decisions.stop();
    return stop == null ? "canceled" : stop.text();
  }
}
