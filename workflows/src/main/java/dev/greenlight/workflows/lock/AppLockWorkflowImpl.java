package dev.greenlight.workflows.lock;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.lock.AppLockWorkflow;
import dev.greenlight.api.model.ReleaseStatus;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * Holds an app's lock while its release runs. Deterministic workflow code: one child workflow,
 * nothing else. The release's own history is the same as when it was started directly.
 */
public class AppLockWorkflowImpl implements AppLockWorkflow {

  @Override
  public String hold(ReleaseRequest request) {
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
