package dev.greenlight.workflows;

import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.Stage;
import io.temporal.workflow.Workflow;

/**
 * {@code pause} and {@code resume}: an operator (or {@code monitor.inconclusive: {then: pause}})
 * holds a release during its progressive holds and monitor window, until someone resumes or aborts
 * it. While paused the monitor clock stops: no samples are taken, and the hold or window goes on
 * where it stopped after the resume (a stretch of samples already running finishes first, and can
 * still roll back). Workflow code; time from {@link Workflow#currentTimeMillis()}.
 */
final class PauseControl {
  private boolean enabled;
  private String pausedBy;
  private String why;
  private long pausedAt;
  private long pausedTotal;

  /** From now on pause is accepted (releases started before it existed never accept it). */
  void enable() {
    enabled = true;
  }

  boolean paused() {
    return pausedBy != null;
  }

  /** Time spent paused so far (ms), the current pause included. */
  long pausedMillis() {
    return pausedTotal + (paused() ? Workflow.currentTimeMillis() - pausedAt : 0);
  }

  /** Who paused and why, for status; null when not paused. */
  String text() {
    if (!paused()) return null;
    return StatusBoard.clip(
        "paused by " + pausedBy + (why == null ? "" : ": " + why), StatusBoard.REASON_MAX);
  }

  /**
   * Why {@code command} (pause or resume) is refused, or null.
   *
   * @param refusal why the release takes no command at all (finished, stopping), or null
   */
  String check(String command, Decision d, String refusal, Stage stage) {
    String why = d == null ? null : d.problem();
    if (why != null) return why;
    if (refusal != null) return refusal;
    if (d == null || d.approver() == null || d.approver().isBlank())
      return "the sender's name is required";
    if (command.equals("resume")) return paused() ? null : "the release is not paused";
    if (paused()) return "the release is already " + text();
    if (!enabled || (stage != Stage.SWITCHING && stage != Stage.MONITORING)) {
      return "a release can be paused only while traffic moves or is watched (stage "
          + stage
          + (enabled ? "" : ", or the release started before pause existed")
          + ")";
    }
    return null;
  }

  void pause(String by, String reason) {
    pausedBy = by;
    why = reason;
    pausedAt = Workflow.currentTimeMillis();
  }

  void resume() {
    pausedTotal += Workflow.currentTimeMillis() - pausedAt;
    pausedBy = null;
    why = null;
  }
}
