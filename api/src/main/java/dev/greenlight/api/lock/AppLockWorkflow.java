package dev.greenlight.api.lock;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.lifecycle.AppState;
import dev.greenlight.api.lifecycle.AppView;
import dev.greenlight.api.lifecycle.UndoRequest;
import dev.greenlight.api.spec.ReleaseSpec;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One release per app, enforced by Temporal: the lock of an app is a workflow with the fixed id
 * {@code greenlight-lock-<app>}. Temporal refuses to start a second one while it runs (workflow id
 * conflict), so two simultaneous {@code start}s cannot both get it.
 *
 * <p>The lock starts the release as its child (workflow id = release id, the parent may close
 * without touching it) and completes when the release ends, however it ends (even terminated from
 * the UI): the lock is held exactly while the release runs. Its memo names the release ({@link
 * #MEMO_RELEASE}), which is what the loser of a race reports.
 *
 * <p>The app's workflow. Started with an {@link AppState} (memo {@link #MEMO_MODE} = {@link
 * #MODE_APP}) the lock stays alive between operations: it remembers the app's live color, each
 * color's version and the last releases ({@link #app()}), runs the standby sync when it is due, and
 * takes the next release or undo through the updates {@link #beginRelease} and {@link #beginUndo},
 * which refuse while one runs: still exactly one operation per app at a time. A lock started
 * without a state (by an older client) ends with its release, as before.
 */
@WorkflowInterface
public interface AppLockWorkflow {
  /** Workflow type name, stable across refactors. */
  String TYPE = "AppLock";

  /** Memo keys of the lock (and of the release: app and version). */
  String MEMO_APP = "app";

  String MEMO_VERSION = "version";
  String MEMO_RELEASE = "release";

  /** Memo key telling a long-lived app workflow ({@link #MODE_APP}) from a one-release lock. */
  String MEMO_MODE = "mode";

  String MODE_APP = "app";

  String UPDATE_BEGIN_RELEASE = "beginRelease";
  String UPDATE_BEGIN_UNDO = "beginUndo";

  /** The prefix of the refusal a busy app gives; the winner's id follows it. */
  String BUSY = "busy: ";

  /** The lock's workflow id for {@code app}. */
  static String idFor(String app) {
    return "greenlight-lock-" + app;
  }

  /**
   * Runs the release as a child and returns once it ended: a line saying so. With a {@code state},
   * it then stays alive as the app's workflow (the release may then be null).
   */
  @WorkflowMethod(name = TYPE)
  String hold(ReleaseRequest request, AppState state);

  /** What the app runs now ({@code app status}). Null from a one-release lock. */
  @QueryMethod(name = "app")
  AppView app();

  /** The spec of the newest release (the colors' URLs and health endpoint), or null. */
  @QueryMethod(name = "spec")
  ReleaseSpec spec();

  /** The newest release, when it did not succeed: what {@code retry} starts again; or null. */
  @QueryMethod(name = "lastFailed")
  ReleaseRequest lastFailed();

  /** Takes the app for this release; returns its id. */
  @UpdateMethod(name = UPDATE_BEGIN_RELEASE)
  String beginRelease(ReleaseRequest request);

  /** Refuses with {@link #BUSY} and the running operation's id while one runs. */
  @UpdateValidatorMethod(updateName = UPDATE_BEGIN_RELEASE)
  void validateBeginRelease(ReleaseRequest request);

  /** Takes the app for this undo; returns its id. */
  @UpdateMethod(name = UPDATE_BEGIN_UNDO)
  String beginUndo(UndoRequest request);

  /** Refuses while an operation runs, or when there is nothing to undo. */
  @UpdateValidatorMethod(updateName = UPDATE_BEGIN_UNDO)
  void validateBeginUndo(UndoRequest request);

  /**
   * Tells the app that its running operation {@code id} has ended (the client saw it closed, e.g.
   * terminated from the UI, and the app's workflow was not told): the app is free again.
   */
  @UpdateMethod(name = "operationEnded")
  String operationEnded(String id);

  /** Refused unless {@code id} is the running operation. */
  @UpdateValidatorMethod(updateName = "operationEnded")
  void validateOperationEnded(String id);
}
