package dev.greenlight.client;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.lifecycle.AppView;
import dev.greenlight.api.lifecycle.UndoRequest;
import dev.greenlight.api.lock.AppLockWorkflow;
import dev.greenlight.api.spec.ReleaseSpec;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.security.SecureRandom;
import java.util.Random;
import java.util.function.Supplier;

/**
 * What an operator does with an app (not one release) through its long-lived workflow ({@link
 * AppLockWorkflow}): read its view, undo its last release, retry its last failed one. A busy app
 * answers with {@link ConflictException} (exit 3), a refused operation with {@link
 * RefusedException} (exit 4).
 */
public final class AppOperations {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Random RANDOM = new SecureRandom();

  /** How calls reach Temporal (unreachable: {@link TemporalUnreachableException}). */
  interface Guard {
    <T> T call(Supplier<T> call);
  }

  private final WorkflowClient client;
  private final Guard guard;
  private final ReleaseClient releases;

  AppOperations(WorkflowClient client, Guard guard) {
    this.client = client;
    this.guard = guard;
    this.releases = null;
  }

  public AppOperations(ReleaseClient releases) {
    this.client = releases.workflowClient();
    this.guard = releases::guard;
    this.releases = releases;
  }

  private AppLockWorkflow app(String app) {
    return client.newWorkflowStub(AppLockWorkflow.class, AppLockWorkflow.idFor(app));
  }

  /** Hands {@code request} to its app's running workflow. */
  void beginRelease(ReleaseRequest request) throws ConflictException {
    String app = request.spec().app();
    try {
      guard.call(() -> app(app).beginRelease(request));
    } catch (WorkflowUpdateException e) {
      String why = reason(e);
      if (why.startsWith(AppLockWorkflow.BUSY))
        throw new ConflictException(app, why.substring(AppLockWorkflow.BUSY.length()));
      throw new IllegalStateException(why);
    }
  }

  /**
   * Tells {@code app}'s workflow that {@code id}, which it still waits for, has ended (the caller
   * saw it closed); false when it was not waiting for it.
   */
  boolean markEnded(String app, String id) {
    try {
      guard.call(() -> app(app).operationEnded(id));
      return true;
    } catch (WorkflowUpdateException e) {
      return false;
    }
  }

  /** The id of what runs in {@code app} now, or {@code fallback} when the app does not answer. */
  String runningOrElse(String app, String fallback) {
    try {
      AppView view = guard.call(() -> app(app).app());
      return view == null ? fallback : view.running();
    } catch (WorkflowException | IllegalStateException e) {
      return fallback;
    }
  }

  /**
   * What {@code app} runs now, as its workflow recorded it.
   *
   * @throws RefusedException when the app has no workflow (no release started since the app view)
   */
  public AppView view(String app) throws RefusedException {
    requireAppWorkflow(app);
    AppView view = guard.call(() -> app(app).app());
    if (view == null) throw noAppView(app);
    return view;
  }

  /** The spec of the app's newest release (where its colors answer), or null. */
  public ReleaseSpec spec(String app) throws RefusedException {
    requireAppWorkflow(app);
    return guard.call(() -> app(app).spec());
  }

  /**
   * Starts an undo of {@code app}'s last release; returns the undo id (= workflow id).
   *
   * @throws ConflictException when a release, undo or sync of the app runs
   * @throws RefusedException when there is nothing to undo
   */
  public String undo(String app, String initiator, String reason)
      throws ConflictException, RefusedException {
    requireAppWorkflow(app);
    StringBuilder id = new StringBuilder(app).append("-undo-");
    for (int i = 0; i < 4; i++) id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    UndoRequest request =
        new UndoRequest(
            id.toString(), initiator, reason, null, null, releases.searchAttributesPresent());
    long deadline = System.nanoTime() + ReleaseClient.LOCK_CLOSES.toNanos();
    while (true) {
      try {
        guard.call(() -> app(app).beginUndo(request));
        break;
      } catch (WorkflowUpdateException e) {
        String why = reason(e);
        if (!why.startsWith(AppLockWorkflow.BUSY)) throw new RefusedException(why);
        String running = why.substring(AppLockWorkflow.BUSY.length());
        // the release it names just ended: the app's workflow takes note in a moment
        if (!releases.releaseEnded(running) || System.nanoTime() > deadline)
          throw new ConflictException(app, running);
        pause();
      }
    }
    releases.awaitStarted(request.undoId());
    return request.undoId();
  }

  /**
   * Starts a new release from the spec and version of {@code app}'s last release, which failed.
   *
   * @throws RefusedException when the last release did not fail (or there is none)
   */
  public String retry(String app, String initiator) throws ConflictException, RefusedException {
    requireAppWorkflow(app);
    ReleaseRequest failed = guard.call(() -> app(app).lastFailed());
    if (failed == null) {
      throw new RefusedException(
          "nothing to retry: the last release of "
              + app
              + " did not fail (greenlight app status "
              + app
              + ")");
    }
    return releases.start(failed.spec(), failed.version(), initiator);
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void requireAppWorkflow(String app) throws RefusedException {
    if (!releases.appWorkflowRunning(app)) throw noAppView(app);
  }

  private static RefusedException noAppView(String app) {
    return new RefusedException(
        "no app view of "
            + app
            + ": no release of it was started with this version of Greenlight (is the app name"
            + " right?)");
  }

  private static String reason(WorkflowUpdateException e) {
    Throwable c = e.getCause();
    if (c instanceof ApplicationFailure a) return a.getOriginalMessage();
    if (c instanceof TemporalFailure t) return t.getOriginalMessage();
    return c == null ? e.getMessage() : c.getMessage();
  }
}
