package dev.greenlight.workflows.lock;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.lifecycle.AppState;
import dev.greenlight.api.lifecycle.AppView;
import dev.greenlight.api.lifecycle.UndoRequest;
import dev.greenlight.api.lock.AppLockWorkflow;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.workflows.AppWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * Holds an app's lock while its release runs. Deterministic workflow code: one child workflow,
 * nothing else. The release's own history is the same as when it was started directly.
 *
 * <p>Started with an {@link AppState} (by clients since the app view), the lock is the app's
 * long-lived workflow ({@link AppWorkflow}). Started without one (an older client, or a lock
 * already running when the worker was upgraded: its history has one argument), it holds one release
 * and ends, exactly as before.
 */
public class AppLockWorkflowImpl implements AppLockWorkflow {
  private AppWorkflow app;
  private boolean oneRelease;
  private String holding;

  @Override
  public String hold(ReleaseRequest request, AppState state) {
    if (state == null) {
      oneRelease = true;
      holding = request.releaseId();
      return holdOne(request);
    }
    app = new AppWorkflow(state);
    return app.run(request);
  }

  @Override
  public AppView app() {
    return app == null ? null : app.view();
  }

  @Override
  public ReleaseSpec spec() {
    return app == null ? null : app.lastSpec();
  }

  @Override
  public ReleaseRequest lastFailed() {
    return app == null ? null : app.lastFailed();
  }

  @Override
  public void validateBeginRelease(ReleaseRequest request) {
    if (oneRelease) throw new IllegalArgumentException(BUSY + holding);
    if (app != null && app.busy() != null) throw new IllegalArgumentException(app.busy());
  }

  @Override
  public String beginRelease(ReleaseRequest request) {
    Workflow.await(() -> app != null || oneRelease);
    if (oneRelease) throw ApplicationFailure.newNonRetryableFailure(BUSY + holding, "Refused");
    return app.take(request);
  }

  @Override
  public void validateBeginUndo(UndoRequest request) {
    if (oneRelease) throw new IllegalArgumentException(BUSY + holding);
    if (app != null && app.checkUndo(request) != null)
      throw new IllegalArgumentException(app.checkUndo(request));
  }

  @Override
  public String beginUndo(UndoRequest request) {
    Workflow.await(() -> app != null || oneRelease);
    if (oneRelease) throw ApplicationFailure.newNonRetryableFailure(BUSY + holding, "Refused");
    return app.take(request);
  }

  @Override
  public void validateOperationEnded(String id) {
    if (app == null || app.checkEnded(id) != null)
      throw new IllegalArgumentException(
          app == null ? "not the app's workflow" : app.checkEnded(id));
  }

  @Override
  public String operationEnded(String id) {
    return app.ended(id);
  }

  private String holdOne(ReleaseRequest request) {
    String app = request.spec().app();
    String[] ending = {"ended"};
    // Detached: cancelling the lock neither cancels the release nor frees the app while it runs.
    Workflow.newDetachedCancellationScope(
            () -> {
              ReleaseWorkflow release =
                  Workflow.newChildWorkflowStub(
                      ReleaseWorkflow.class,
                      ChildWorkflowOptions.newBuilder()
                          .setWorkflowId(request.releaseId())
                          .setMemo(Map.of(MEMO_APP, app, MEMO_VERSION, request.version()))
                          .setStaticSummary(app + " " + request.version())
                          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                          .setCancellationType(ChildWorkflowCancellationType.ABANDON)
                          .build());
              Promise<ReleaseStatus> done = Async.function(release::release, request);
              try {
                ReleaseStatus end = done.get();
                if (end != null && end.state() != null) ending[0] = "ended " + end.state();
              } catch (RuntimeException e) {
                // terminated, timed out or failed outside Greenlight, or it could not start: it
                // runs no more
                ending[0] = "ended outside Greenlight (" + e.getClass().getSimpleName() + ")";
              }
            })
        .run();
    return "release "
        + request.releaseId()
        + " "
        + ending[0]
        + "; "
        + app
        + " is free for the next release";
  }
}
