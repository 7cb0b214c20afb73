package dev.greenlight.workflows;

import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * What a release must undo if it does not succeed, in the spirit of samples-java's {@code Saga}:
 * the runbook registers an undo right before the step whose effect it undoes ("from here on,
 * failure means switch back"), and the ending runs what was registered, newest first.
 *
 * <p>The undo runs in a detached cancellation scope: a reject or abort cancels the pipeline, and
 * must not cancel the switch back too. Workflow code: an undo calls activities, nothing else.
 */
final class Compensation {
  private static final Logger log = Workflow.getLogger(Compensation.class);

  /** One undo: it records its own step, and throws {@link StepFailure} when it fails. */
  private record Undo(String name, Runnable action) {}

  private final List<Undo> undos = new ArrayList<>();
  private boolean running;

  /**
   * From now on, a release that does not succeed runs {@code action} before it ends.
   *
   * @param name what it does, for the log, e.g. "switch back to blue"
   */
  void register(String name, Runnable action) {
    undos.add(0, new Undo(name, action));
  }

  /** Whether anything was registered: the release has effects to undo. */
  boolean registered() {
    return !undos.isEmpty();
  }

  /** Whether the undo has begun (it runs once, and the release ends after it). */
  boolean running() {
    return running;
  }

  /**
   * Runs every registered undo, newest first, each even if one before it failed.
   *
   * @return null when all succeeded (or none was registered), else why they failed
   */
  String run() {
    if (undos.isEmpty()) return null;
    running = true;
    List<String> failures = new ArrayList<>();
    Workflow.newDetachedCancellationScope(
            () -> {
              for (Undo undo : undos) {
                log.info("compensating: {}", undo.name());
                try {
                  undo.action().run();
                } catch (StepFailure f) {
                  failures.add(f.getMessage());
                }
              }
            })
        .run();
    return failures.isEmpty() ? null : String.join("; ", failures);
  }
}
