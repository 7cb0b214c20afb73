package dev.greenlight.workflows;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.activities.SmokeReport;
import dev.greenlight.api.lifecycle.AppState;
import dev.greenlight.api.lifecycle.AppView;
import dev.greenlight.api.lifecycle.UndoRequest;
import dev.greenlight.api.lifecycle.UndoWorkflow;
import dev.greenlight.api.lock.AppLockWorkflow;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.spec.ReleaseSpec;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The long-lived side of an app's lock ({@link AppLockWorkflow} started with a state): it takes one
 * operation at a time (a release or an undo, each a child workflow), keeps the app's book ({@link
 * AppBook}), and runs the standby sync when a release stayed live and unchallenged for {@code
 * standby.syncAfter}. Idle, it waits; its history is bounded by continue-as-new. Workflow code.
 */
public final class AppWorkflow {
  private static final Logger log = Workflow.getLogger(AppWorkflow.class);

  /** Continue-as-new once idle with a history this long. */
  static final int HISTORY_LIMIT = 2000;

  private final AppBook book;
  private ReleaseRequest nextRelease;
  private UndoRequest nextUndo;
  private String running;
  private String endedOutside;

  public AppWorkflow(AppState state) {
    this.book = new AppBook(state);
  }

  /** Runs {@code first} (when given), then every operation sent, forever (continue-as-new). */
  public String run(ReleaseRequest first) {
    if (first != null) take(first);
    while (true) {
      if (!hasNext()) {
        idle();
        continue;
      }
      book.cancelSync();
      if (nextRelease != null) {
        ReleaseRequest r = nextRelease;
        nextRelease = null;
        book.released(r, runRelease(r), Workflow.currentTimeMillis());
      } else {
        UndoRequest u = nextUndo;
        nextUndo = null;
        book.undone(u.undoId(), u.backTo(), runUndo(u), Workflow.currentTimeMillis());
      }
      running = null;
    }
  }

  /**
   * Waits for the next operation or the standby sync; continues as new when the history is long.
   */
  private void idle() {
    if (Workflow.getInfo().getHistoryLength() > HISTORY_LIMIT
        || Workflow.getInfo().isContinueAsNewSuggested()) {
      Workflow.await(() -> Workflow.isEveryHandlerFinished());
      if (!hasNext()) Workflow.continueAsNew(null, book.state());
    }
    Long due = book.syncDue();
    if (due == null) {
      Workflow.await(this::hasNext);
      return;
    }
    Duration wait = Duration.ofMillis(Math.max(0, due - Workflow.currentTimeMillis()));
    if (!Workflow.await(wait, this::hasNext) && book.syncDue() != null) syncStandby();
  }

  private boolean hasNext() {
    return nextRelease != null || nextUndo != null;
  }

  // ---- taking the app: the updates' rules ------------------------------------------------------

  /** Why nothing may begin now ({@link AppLockWorkflow#BUSY} + the running id), or null. */
  public String busy() {
    return running == null ? null : AppLockWorkflow.BUSY + running;
  }

  public String take(ReleaseRequest r) {
    refuseIf(busy());
    running = r.releaseId();
    nextRelease = r;
    return r.releaseId();
  }

  /** Why this undo may not begin now, or null. */
  public String checkUndo(UndoRequest u) {
    String busy = busy();
    if (busy != null) return busy;
    if (book.lastLive() == null)
      return "nothing to undo: no release of "
          + book.app()
          + " went live through Greenlight since the last undo";
    if (u == null || u.undoId() == null) return "the undo id is required";
    return null;
  }

  public String take(UndoRequest u) {
    refuseIf(checkUndo(u));
    running = u.undoId();
    nextUndo =
        new UndoRequest(
            u.undoId(),
            u.initiator(),
            u.reason(),
            book.lastLive(),
            book.previousVersion(),
            u.searchAttributes());
    return u.undoId();
  }

  private static void refuseIf(String why) {
    if (why != null) throw ApplicationFailure.newNonRetryableFailure(why, "Refused");
  }

  /** Why {@code id} cannot be marked ended, or null. */
  public String checkEnded(String id) {
    return id != null && id.equals(running) ? null : id + " is not what runs now (" + running + ")";
  }

  /** The client saw {@code id} closed: stop waiting for it. */
  public String ended(String id) {
    if (checkEnded(id) != null)
      throw ApplicationFailure.newNonRetryableFailure(checkEnded(id), "Refused");
    endedOutside = id;
    return id + " marked ended";
  }

  public AppView view() {
    return book.view(running);
  }

  public ReleaseSpec lastSpec() {
    return book.lastSpec();
  }

  public ReleaseRequest lastFailed() {
    return book.lastFailed();
  }

  // ---- the operations --------------------------------------------------------------------------

  private ReleaseStatus runRelease(ReleaseRequest r) {
    ReleaseWorkflow child =
        Workflow.newChildWorkflowStub(
            ReleaseWorkflow.class,
            childOptions(r.releaseId(), r.version(), book.app() + " " + r.version()));
    return await(Async.function(child::release, r), r.releaseId());
  }

  private ReleaseStatus runUndo(UndoRequest u) {
    UndoWorkflow child =
        Workflow.newChildWorkflowStub(
            UndoWorkflow.class,
            childOptions(
                u.undoId(),
                u.backTo() == null ? "previous" : u.backTo(),
                "undo " + u.undone().releaseId()));
    return await(Async.function(child::undo, u), u.undoId());
  }

  private ChildWorkflowOptions childOptions(String id, String version, String summary) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setMemo(
            Map.of(AppLockWorkflow.MEMO_APP, book.app(), AppLockWorkflow.MEMO_VERSION, version))
        .setStaticSummary(summary)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setCancellationType(ChildWorkflowCancellationType.ABANDON)
        .build();
  }

  /** The child's final status; null when it ended outside Greenlight (terminated, say). */
  private ReleaseStatus await(Promise<ReleaseStatus> done, String id) {
    ReleaseStatus[] end = {null};
    // detached: cancelling the app's workflow neither cancels the child nor frees the app early
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                // a server that does not report a terminated child: the client tells (ended)
                Workflow.await(() -> done.isCompleted() || id.equals(endedOutside));
                if (!done.isCompleted()) return;
                end[0] = done.get();
              } catch (RuntimeException e) {
                log.warn("{} ended outside Greenlight: {}", id, e.getClass().getSimpleName());
              }
            })
        .run();
    return end[0];
  }

  /**
   * The standby gets the live version: deploy, health, smoke on the standby color only. Traffic is
   * never touched, so a failure only leaves the standby out of sync (recorded in the app view).
   */
  private void syncStandby() {
    ReleaseRequest live = book.lastLive();
    Color liveColor = book.live();
    if (live == null || liveColor == null) {
      book.cancelSync();
      return;
    }
    Color standby = liveColor.other();
    String id = live.releaseId() + "-sync";
    running = id;
    ReleaseRequest as = new ReleaseRequest(id, live.version(), "greenlight", live.spec(), false);
    ReleaseActivities activities = new ReleaseActivities(as);
    boolean ok;
    String detail;
    try {
      activities.deploy(standby);
      activities.awaitHealthy(standby);
      SmokeReport smoke = activities.smoke(standby);
      ok = smoke.passed();
      detail =
          ok
              ? standby + " now runs " + live.version() + " too: deployed, healthy, smoke passed"
              : "standby sync failed: smoke on " + standby + " failed: " + smoke.summary();
    } catch (ActivityFailure f) {
      ok = false;
      detail = "standby sync failed: " + FailureText.of(f);
    }
    if (!ok) detail = detail + "; traffic untouched, all of it stays on " + liveColor;
    log.info("{}: {}", id, detail);
    book.synced(id, standby, live.version(), ok, detail, Workflow.currentTimeMillis());
    running = null;
  }
}
