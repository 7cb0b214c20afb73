package dev.greenlight.api.lock;

import dev.greenlight.api.ReleaseRequest;
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
 */
@WorkflowInterface
public interface AppLockWorkflow {
  /** Workflow type name, stable across refactors. */
  String TYPE = "AppLock";

  /** Memo keys of the lock (and of the release: app and version). */
  String MEMO_APP = "app";

  String MEMO_VERSION = "version";
  String MEMO_RELEASE = "release";

  /** The lock's workflow id for {@code app}. */
  static String idFor(String app) {
    return "greenlight-lock-" + app;
  }

  /** Runs the release as a child and returns once it ended: a line saying so. */
  @WorkflowMethod(name = TYPE)
  String hold(ReleaseRequest request);
}
