package dev.greenlight.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.lifecycle.AppState;
import dev.greenlight.api.lifecycle.UndoWorkflow;
import dev.greenlight.api.lock.AppLockWorkflow;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.MonitorStats;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.ReleaseVersion;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.filter.v1.StartTimeFilter;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What an operator does with releases, over Temporal: start one, read where it stands, list them,
 * approve, reject or abort, watch until it ends. Used by the CLI and by the demo.
 *
 * <p>At most one release per app runs: Temporal enforces it. A release is started as the child of
 * the app's lock workflow ({@link AppLockWorkflow}, fixed id {@code greenlight-lock-<app>}), and
 * Temporal refuses a second start of a running workflow id, so of two simultaneous starts one gets
 * {@link ConflictException} naming the other. Commands on an ended or unknown release are refused
 * with a plain reason. Every refusal is a {@link RefusedException} carrying only the reason text.
 *
 * <p>Listing uses ListOpen/ListClosedWorkflowExecutions with a workflow type filter (the Java test
 * server does not implement ListWorkflowExecutions). The test server ignores the type filter and
 * leaves the memo out of list entries, so entries are filtered by type here too and the app is read
 * from DescribeWorkflowExecution when the entry has no memo: the same code works on both servers.
 */
public final class ReleaseClient {
  /** How often {@link #watch} reads the status. */
  public static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  /** Closed releases listed by {@code list(true)} when no limit is given. */
  public static final int DEFAULT_CLOSED_LIMIT = 100;

  static final String MEMO_APP = AppLockWorkflow.MEMO_APP;
  static final String MEMO_VERSION = AppLockWorkflow.MEMO_VERSION;

  /** How long start waits for the lock to start the release (a worker does it at once). */
  static final Duration RELEASE_APPEARS = Duration.ofSeconds(3);

  /** How long status waits for a release its lock has not started yet. */
  static final Duration PENDING_WAIT = Duration.ofSeconds(5);

  /** How long start waits for a lock whose release already ended to close by itself. */
  static final Duration LOCK_CLOSES = Duration.ofSeconds(5);

  private static final String QUERY_STATUS = "status";

  private final WorkflowClient client;
  private final String namespace;
  private final String taskQueue;
  private final String address;

  public ReleaseClient(TemporalConnection connection) {
    this.client = connection.client();
    this.namespace = connection.namespace();
    this.taskQueue = connection.taskQueue();
    this.address = connection.address();
  }

  WorkflowClient workflowClient() {
    return client;
  }

  boolean searchAttributesPresent() {
    return guard(() -> SearchAttributeSupport.present(service(), namespace));
  }

  /** Waits up to a few seconds for workflow {@code id} to exist (its app's workflow starts it). */
  void awaitStarted(String id) {
    awaitRelease(id, RELEASE_APPEARS);
  }

  // ---- start ------------------------------------------------------------------------------------

  /**
   * Starts a release of a validated spec and returns its id (= workflow id).
   *
   * @throws ConflictException when a release of the same app is running
   * @throws IllegalArgumentException when version or initiator is blank, or the initiator is not a
   *     name the workflow accepts ({@link Decision#nameProblem})
   */
  public String start(ReleaseSpec spec, String version, String initiator) throws ConflictException {
    if (version == null || version.isBlank())
      throw new IllegalArgumentException("the version is required");
    String versionProblem = ReleaseVersion.problem(version.trim());
    if (versionProblem != null) throw new IllegalArgumentException("version " + versionProblem);
    if (initiator == null || initiator.isBlank())
      throw new IllegalArgumentException("the initiator's name is required");
    String badInitiator = Decision.nameProblem(initiator.trim());
    if (badInitiator != null) throw new IllegalArgumentException("initiator: " + badInitiator);
    // releases started before the lock existed have none: they are found by listing
    Optional<String> running = legacyRunningRelease(spec.app());
    if (running.isPresent()) throw new ConflictException(spec.app(), running.get());

    String id = ReleaseId.generate(spec.app(), version);
    boolean indexed = guard(() -> SearchAttributeSupport.present(service(), namespace));
    ReleaseRequest request =
        new ReleaseRequest(id, version.trim(), initiator.trim(), spec, indexed);
    takeLock(request);
    awaitRelease(id, RELEASE_APPEARS);
    return id;
  }

  /**
   * Starts the app's lock workflow, which starts the release: Temporal lets only one lock of an app
   * run, so this is the one place that decides.
   *
   * @throws ConflictException when another release holds the lock
   */
  private void takeLock(ReleaseRequest request) throws ConflictException {
    String app = request.spec().app();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(AppLockWorkflow.idFor(app))
            .setTaskQueue(taskQueue)
            .setMemo(
                Map.of(
                    MEMO_APP,
                    app,
                    MEMO_VERSION,
                    request.version(),
                    AppLockWorkflow.MEMO_RELEASE,
                    request.releaseId(),
                    AppLockWorkflow.MEMO_MODE,
                    AppLockWorkflow.MODE_APP))
            .setStaticSummary("the app " + app + ": one release or undo at a time")
            .build();
    for (int attempt = 0; ; attempt++) {
      try {
        AppLockWorkflow lock = client.newWorkflowStub(AppLockWorkflow.class, options);
        guard(() -> WorkflowClient.start(lock::hold, request, AppState.fresh(app)));
        return;
      } catch (WorkflowExecutionAlreadyStarted e) {
        if (appWorkflowRunning(app)) {
          // its first release not started yet: no worker ran it, and it holds the app
          Lock pending = lock(app);
          if (pending != null && describeOrNull(pending.release()) == null)
            throw new ConflictException(app, pending.release());
          // the app's long-lived workflow: it takes the release unless one runs (then: conflict)
          Instant deadline = Instant.now().plus(LOCK_CLOSES.dividedBy(2));
          while (true) {
            try {
              new AppOperations(client, this::guard).beginRelease(request);
              return;
            } catch (ConflictException busy) {
              // the one it names just ended: its app's workflow takes note in a moment
              if (!releaseEnded(busy.runningId())) throw busy;
              if (Instant.now().isAfter(deadline)) {
                // not told by the server (the Java test server, for a terminated child): tell it
                if (!new AppOperations(client, this::guard).markEnded(app, busy.runningId()))
                  throw busy;
                deadline = Instant.now().plus(LOCK_CLOSES);
              }
              sleep(100);
            }
          }
        }
        Lock held = lock(app);
        if (held == null) {
          if (attempt < 3) continue; // it closed in the meantime: try again
          throw new ConflictException(app, AppLockWorkflow.idFor(app)); // a lock naming no release
        }
        if (attempt >= 3 || !releaseEnded(held.release()))
          throw new ConflictException(app, held.release());
        // Its release ended; a worker closes the lock in a moment. If none does, the lock guards
        // nothing any more: end that run of it (only that run) and take the app.
        if (!awaitLockClosed(held, LOCK_CLOSES)) {
          try {
            guard(
                () -> {
                  client
                      .newUntypedWorkflowStub(
                          AppLockWorkflow.idFor(app), Optional.of(held.runId()), Optional.empty())
                      .terminate("release " + held.release() + " ended; its lock was left behind");
                  return null;
                });
          } catch (WorkflowException closedMeanwhile) {
            // another start (or the worker) closed that run first: just try again
          }
        }
      }
    }
  }

  /** A running lock: its app, its run and the release it holds the app for. */
  private record Lock(String app, String runId, String release) {}

  /** Whether {@code app}'s lock runs as the long-lived app workflow (memo mode = app). */
  boolean appWorkflowRunning(String app) {
    DescribeWorkflowExecutionResponse d = describeOrNull(AppLockWorkflow.idFor(app));
    if (d == null) return false;
    WorkflowExecutionInfo info = d.getWorkflowExecutionInfo();
    return info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        && AppLockWorkflow.MODE_APP.equals(memo(info, AppLockWorkflow.MEMO_MODE));
  }

  /** The running lock of {@code app}, or null. */
  private Lock lock(String app) {
    DescribeWorkflowExecutionResponse d = describeOrNull(AppLockWorkflow.idFor(app));
    if (d == null) return null;
    WorkflowExecutionInfo info = d.getWorkflowExecutionInfo();
    if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) return null;
    String release = memo(info, AppLockWorkflow.MEMO_RELEASE);
    if (AppLockWorkflow.MODE_APP.equals(memo(info, AppLockWorkflow.MEMO_MODE))
        && release != null
        && describeOrNull(release) != null) {
      // the app's workflow outlives its releases: ask it what runs now
      release = new AppOperations(client, this::guard).runningOrElse(app, release);
    } // else: its first release, not started yet (no worker has run the app's workflow)
    return release == null ? null : new Lock(app, info.getExecution().getRunId(), release);
  }

  boolean releaseEnded(String id) {
    DescribeWorkflowExecutionResponse d = describeOrNull(id);
    return d != null
        && d.getWorkflowExecutionInfo().getStatus()
            != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  private boolean awaitLockClosed(Lock held, Duration within) {
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      Lock now = lock(held.app());
      if (now == null || !now.runId().equals(held.runId())) return true;
      sleep(100);
    }
    return false;
  }

  /** Waits until the release workflow exists (its lock starts it); null when it still does not. */
  private DescribeWorkflowExecutionResponse awaitRelease(String id, Duration within) {
    Instant deadline = Instant.now().plus(within);
    while (true) {
      DescribeWorkflowExecutionResponse d = describeOrNull(id);
      if (d != null || !Instant.now().isBefore(deadline)) return d;
      sleep(50);
    }
  }

  /** The id of the running release of {@code app}, if any (also one no worker has started yet). */
  public Optional<String> runningRelease(String app) {
    Lock held = lock(app);
    if (held != null && !releaseEnded(held.release())) return Optional.of(held.release());
    return legacyRunningRelease(app);
  }

  /** A running release of {@code app} found by listing open releases. */
  private Optional<String> legacyRunningRelease(String app) {
    for (WorkflowExecutionInfo info : listOpen(ReleaseWorkflow.TYPE)) {
      String id = info.getExecution().getWorkflowId();
      String memoApp = memo(info, MEMO_APP);
      if (memoApp == null) {
        // A release id begins with its app and a dash (CONTRACT): describe only those.
        if (!id.startsWith(app + "-")) continue;
        // The test server leaves the memo out of list entries; describe has it.
        DescribeWorkflowExecutionResponse d = describeOrNull(id);
        if (d == null
            || d.getWorkflowExecutionInfo().getStatus()
                != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          continue;
        }
        memoApp = memo(d.getWorkflowExecutionInfo(), MEMO_APP);
      }
      if (app.equals(memoApp)) return Optional.of(id);
    }
    return Optional.empty();
  }

  /**
   * The lock holding the app for release {@code id} that has not started it yet: the release id
   * begins with its app, so each prefix before a dash is a candidate.
   */
  private boolean pendingInALock(String id) {
    for (int dash = id.indexOf('-'); dash > 0 && dash <= 40; dash = id.indexOf('-', dash + 1)) {
      Lock held = lock(id.substring(0, dash));
      if (held != null && held.release().equals(id)) return true;
    }
    return false;
  }

  // ---- status, list, watch ----------------------------------------------------------------------

  /**
   * Where a release stands. A running release answers the {@code status} query; an ended one is
   * read from its result (no worker needed).
   *
   * @throws RefusedException "no such release: ID" when Temporal has no such release
   * @throws IllegalStateException when the release holds its app's lock but no worker started it
   */
  public ReleaseStatus status(String id) throws RefusedException {
    DescribeWorkflowExecutionResponse d = describeOrNull(id);
    if (d == null && pendingInALock(id)) {
      // Started, and no worker has run its app's lock yet: wait a little, as for a first query.
      d = awaitRelease(id, PENDING_WAIT);
      if (d == null) throw notStartedYet(id);
    }
    String type = d == null ? null : d.getWorkflowExecutionInfo().getType().getName();
    if (!ReleaseWorkflow.TYPE.equals(type) && !UndoWorkflow.TYPE.equals(type)) {
      throw new RefusedException("no such release: " + id);
    }
    return statusOf(d.getWorkflowExecutionInfo());
  }

  private IllegalStateException notStartedYet(String id) {
    return new IllegalStateException(
        "release "
            + id
            + " has not started running yet: is a worker"
            + " (greenlight worker) polling task queue '"
            + taskQueue
            + "' at "
            + address
            + "?");
  }

  /**
   * Running releases, newest first; with {@code all}, ended ones too (at most {@code closedLimit}
   * of them, newest first) after the running ones.
   */
  public List<ReleaseStatus> list(boolean all, int closedLimit) {
    List<ReleaseStatus> out = new ArrayList<>();
    List<WorkflowExecutionInfo> open = listOpen(ReleaseWorkflow.TYPE);
    List<WorkflowExecutionInfo> pending = pendingReleases(open);
    open.addAll(pending);
    for (WorkflowExecutionInfo info : newestFirst(open)) {
      if (pending.contains(info)) {
        out.add(placeholder(info)); // no worker has started it: nothing to query yet
        continue;
      }
      try {
        out.add(statusOf(info));
      } catch (IllegalStateException | WorkflowException e) {
        // No worker answered: list it with what Temporal knows (stage unknown) rather than fail.
        out.add(placeholder(info));
      }
    }
    if (all) {
      List<WorkflowExecutionInfo> closed = newestFirst(listClosed(ReleaseWorkflow.TYPE));
      for (WorkflowExecutionInfo info : closed.subList(0, Math.min(closedLimit, closed.size()))) {
        out.add(statusOf(info));
      }
    }
    return out;
  }

  /** {@link #list(boolean, int)} with {@link #DEFAULT_CLOSED_LIMIT}. */
  public List<ReleaseStatus> list(boolean all) {
    return list(all, DEFAULT_CLOSED_LIMIT);
  }

  /**
   * Reads the status every {@link #POLL_INTERVAL}, hands every changed status to {@code onChange}
   * (the first one too), and returns the final status once the release ended.
   */
  public ReleaseStatus watch(String id, Consumer<ReleaseStatus> onChange)
      throws RefusedException, InterruptedException {
    ReleaseStatus last = null;
    while (true) {
      ReleaseStatus now = status(id);
      if (!now.equals(last)) {
        onChange.accept(now);
        last = now;
      }
      if (now.state() != null && now.state().finished()) return now;
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }

  // ---- commands ---------------------------------------------------------------------------------

  /**
   * Approves the switch; returns the workflow's answer, e.g. "approved by alice (1 of 1
   * approvals)".
   */
  public String approve(String id, String approver, String comment) throws RefusedException {
    return command(id, ReleaseWorkflow.UPDATE_APPROVE, Decision.approve(approver, comment));
  }

  /**
   * Sends a signed approval ({@link Decision#signedApproval}); refused like any approval, and when
   * the signature does not count.
   */
  public String approve(String id, Decision signed) throws RefusedException {
    return command(id, ReleaseWorkflow.UPDATE_APPROVE, signed);
  }

  /** The exact message {@code approver} signs to approve release {@code id}. */
  public String approvalMessage(String id, String approver) throws RefusedException {
    ReleaseStatus s = status(id);
    return dev.greenlight.api.approval.ApprovalMessage.of(s.id(), s.app(), s.version(), approver);
  }

  /** Rejects the release before the switch: nothing is switched, it ends REJECTED. */
  public String reject(String id, String approver, String reason) throws RefusedException {
    return command(id, ReleaseWorkflow.UPDATE_REJECT, Decision.withReason(approver, reason));
  }

  /** Stops the release now: before the switch it cleans up, after it traffic goes back. */
  public String abort(String id, String sender, String reason) throws RefusedException {
    return command(id, ReleaseWorkflow.UPDATE_ABORT, Decision.withReason(sender, reason));
  }

  /** Holds the release (its holds and monitor window) until resumed or aborted. */
  public String pause(String id, String sender, String reason) throws RefusedException {
    return command(id, ReleaseWorkflow.UPDATE_PAUSE, Decision.withReason(sender, reason));
  }

  /** Lets a paused release go on where it stopped. */
  public String resume(String id, String sender) throws RefusedException {
    return command(id, ReleaseWorkflow.UPDATE_RESUME, Decision.withReason(sender, null));
  }

  /**
   * {@code promote --full}: skips the remaining progressive holds of an approved release; needs an
   * approver.
   */
  public String promoteFull(String id, String approver, String comment) throws RefusedException {
    return command(id, ReleaseWorkflow.UPDATE_PROMOTE, Decision.approve(approver, comment));
  }

  /**
   * Sends one command as an update: the validator runs first, so a refused command is never written
   * to history and cannot take effect later.
   */
  private String command(String id, String update, Decision decision) throws RefusedException {
    ReleaseStatus before = status(id);
    if (before.state() != null && before.state().finished()) {
      throw new RefusedException("release " + id + " already ended " + before.state());
    }
    try {
      return guard(() -> stub(id).update(update, String.class, decision));
    } catch (WorkflowUpdateException e) {
      throw new RefusedException(reason(e));
    } catch (WorkflowException e) {
      // It ended between our look and the update.
      if (notFound(e))
        throw new RefusedException("release " + id + " already ended " + status(id).state());
      throw e;
    }
  }

  private static String reason(WorkflowUpdateException e) {
    Throwable c = e.getCause();
    if (c instanceof ApplicationFailure a) return a.getOriginalMessage();
    if (c instanceof TemporalFailure t) return t.getOriginalMessage();
    return c == null ? e.getMessage() : c.getMessage();
  }

  /**
   * Releases started but not yet running, because no worker has run their app's lock: described by
   * their lock (its start time, its memo's app and version) under the release's id.
   */
  private List<WorkflowExecutionInfo> pendingReleases(List<WorkflowExecutionInfo> openReleases) {
    List<WorkflowExecutionInfo> out = new ArrayList<>();
    for (WorkflowExecutionInfo lockInfo : listOpen(AppLockWorkflow.TYPE)) {
      WorkflowExecutionInfo info = lockInfo;
      if (memo(info, AppLockWorkflow.MEMO_RELEASE) == null) {
        DescribeWorkflowExecutionResponse d = describeOrNull(info.getExecution().getWorkflowId());
        if (d == null) continue;
        info = d.getWorkflowExecutionInfo();
      }
      String release = memo(info, AppLockWorkflow.MEMO_RELEASE);
      if (release == null
          || info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
        continue;
      boolean listed =
          openReleases.stream().anyMatch(r -> r.getExecution().getWorkflowId().equals(release));
      if (listed || describeOrNull(release) != null) continue;
      out.add(
          info.toBuilder()
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(release))
              .build());
    }
    return out;
  }

  // ---- reading one release
  // ------------------------------------------------------------------------

  private ReleaseStatus statusOf(WorkflowExecutionInfo info) {
    String id = info.getExecution().getWorkflowId();
    WorkflowExecutionStatus status = info.getStatus();
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      ReleaseStatus result = result(info.getExecution());
      if (result != null) return result;
    }
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return runningStatus(id);
    }
    // Ended outside Greenlight's own endings (terminated, timed out, failed): replay for the
    // details.
    try {
      ReleaseStatus queried = query(id);
      if (queried != null) return ended(queried, info);
    } catch (WorkflowException | IllegalStateException e) {
      // No worker to replay it: what Temporal itself knows will have to do.
    }
    return ended(placeholder(info), info);
  }

  private ReleaseStatus runningStatus(String id) {
    // Right after start the workflow may not have run its first task: the query answers null.
    for (int attempt = 0; ; attempt++) {
      ReleaseStatus s = query(id);
      if (s != null) return s;
      if (attempt == 20) throw notStartedYet(id);
      sleep(250);
    }
  }

  private ReleaseStatus query(String id) {
    try {
      return guard(() -> untypedStub(id).query(QUERY_STATUS, ReleaseStatus.class));
    } catch (WorkflowNotFoundException e) {
      throw e;
    } catch (WorkflowException e) {
      throw new IllegalStateException(
          "could not read the status of "
              + id
              + ": "
              + rootMessage(e)
              + " (is a worker (greenlight worker) polling task queue '"
              + taskQueue
              + "'?)",
          e);
    }
  }

  /**
   * The workflow's result, read from its close event: no worker needed, and unlike getResult it
   * does not let a time-skipping test server jump over other releases' timers.
   */
  private ReleaseStatus result(WorkflowExecution execution) {
    GetWorkflowExecutionHistoryResponse res =
        guard(
            () ->
                service()
                    .blockingStub()
                    .getWorkflowExecutionHistory(
                        GetWorkflowExecutionHistoryRequest.newBuilder()
                            .setNamespace(namespace)
                            .setExecution(execution)
                            .setHistoryEventFilterType(
                                HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                            .build()));
    List<HistoryEvent> events = res.getHistory().getEventsList();
    if (events.isEmpty()) return null;
    HistoryEvent close = events.get(events.size() - 1);
    if (!close.hasWorkflowExecutionCompletedEventAttributes()) return null;
    Payloads payloads = close.getWorkflowExecutionCompletedEventAttributes().getResult();
    return client
        .getOptions()
        .getDataConverter()
        .fromPayloads(0, Optional.of(payloads), ReleaseStatus.class, ReleaseStatus.class);
  }

  /** A release Temporal ended by itself (e.g. terminated from the UI) is FAILED for Greenlight. */
  private static ReleaseStatus ended(ReleaseStatus s, WorkflowExecutionInfo info) {
    if (s.state() != null && s.state().finished()) return s;
    String how = info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    String outcome =
        "The release workflow was "
            + how
            + " outside Greenlight (e.g. from the Temporal UI) during "
            + (s.stage() == null ? "an unknown stage" : s.stage())
            + "; check the router and both environments by hand.";
    String endedAt = info.hasCloseTime() ? instant(info.getCloseTime()).toString() : s.endedAt();
    return new ReleaseStatus(
        s.id(),
        s.app(),
        s.version(),
        ReleaseState.FAILED,
        Stage.DONE,
        s.live(),
        s.target(),
        s.initiator(),
        s.approvals(),
        s.steps(),
        s.monitor(),
        outcome,
        s.trafficPercent(),
        s.migrations(),
        s.refused(),
        s.startedAt(),
        endedAt,
        s.refusedCount());
  }

  private ReleaseStatus placeholder(WorkflowExecutionInfo info) {
    String id = info.getExecution().getWorkflowId();
    String app = memo(info, MEMO_APP);
    String version = memo(info, MEMO_VERSION);
    if (app == null) {
      DescribeWorkflowExecutionResponse d = describeOrNull(id);
      if (d != null) {
        app = memo(d.getWorkflowExecutionInfo(), MEMO_APP);
        version = memo(d.getWorkflowExecutionInfo(), MEMO_VERSION);
      }
    }
    return new ReleaseStatus(
        id,
        app,
        version,
        ReleaseState.RUNNING,
        null,
        null,
        null,
        null,
        List.of(),
        List.of(),
        MonitorStats.empty(),
        null,
        0,
        List.of(),
        List.of(),
        info.hasStartTime() ? instant(info.getStartTime()).toString() : null,
        null,
        0);
  }

  // ---- Temporal plumbing ------------------------------------------------------------------------

  private WorkflowStub untypedStub(String id) {
    return client.newUntypedWorkflowStub(id, Optional.empty(), Optional.empty());
  }

  private WorkflowStub stub(String id) {
    return untypedStub(id);
  }

  private DescribeWorkflowExecutionResponse describeOrNull(String id) {
    try {
      return guard(
          () ->
              service()
                  .blockingStub()
                  .describeWorkflowExecution(
                      DescribeWorkflowExecutionRequest.newBuilder()
                          .setNamespace(namespace)
                          .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                          .build()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return null;
      throw e;
    }
  }

  /** Open executions of workflow {@code type}. */
  private List<WorkflowExecutionInfo> listOpen(String type) {
    List<WorkflowExecutionInfo> out = new ArrayList<>();
    ByteString page = ByteString.EMPTY;
    do {
      ListOpenWorkflowExecutionsRequest.Builder req =
          ListOpenWorkflowExecutionsRequest.newBuilder()
              .setNamespace(namespace)
              .setMaximumPageSize(1000)
              .setStartTimeFilter(allTime())
              .setTypeFilter(WorkflowTypeFilter.newBuilder().setName(type))
              .setNextPageToken(page);
      ListOpenWorkflowExecutionsResponse res = listOpenPage(req.build());
      res.getExecutionsList().stream().filter(i -> isType(i, type)).forEach(out::add);
      page = res.getNextPageToken();
    } while (!page.isEmpty());
    return out;
  }

  /**
   * One page of open executions. The Java test server answers UNKNOWN ("Application error
   * processing RPC") when a list races with workflows being started; it is a read, so it is tried
   * again (three tries in all) before the error stands.
   */
  private ListOpenWorkflowExecutionsResponse listOpenPage(ListOpenWorkflowExecutionsRequest req) {
    for (int attempt = 1; ; attempt++) {
      try {
        return guard(() -> service().blockingStub().listOpenWorkflowExecutions(req));
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNKNOWN || attempt == 3) throw e;
        sleep(50L * attempt);
      }
    }
  }

  /** Closed executions of workflow {@code type}, every page of them. */
  private List<WorkflowExecutionInfo> listClosed(String type) {
    return listClosed(type, Instant.EPOCH, Instant.now().plus(Duration.ofDays(1)));
  }

  /**
   * The ended releases that started between {@code earliest} and {@code latest}, every page of them
   * (the workers' archiver looks for new ones with it). Entries are filtered by workflow type here
   * too: the test server ignores the type filter.
   */
  public List<WorkflowExecutionInfo> closedReleases(Instant earliest, Instant latest) {
    return listClosed(ReleaseWorkflow.TYPE, earliest, latest);
  }

  private List<WorkflowExecutionInfo> listClosed(String type, Instant earliest, Instant latest) {
    StartTimeFilter started =
        StartTimeFilter.newBuilder()
            .setEarliestTime(Timestamp.newBuilder().setSeconds(earliest.getEpochSecond()))
            .setLatestTime(Timestamp.newBuilder().setSeconds(latest.getEpochSecond()))
            .build();
    List<WorkflowExecutionInfo> out = new ArrayList<>();
    ByteString page = ByteString.EMPTY;
    do {
      ListClosedWorkflowExecutionsRequest.Builder req =
          ListClosedWorkflowExecutionsRequest.newBuilder()
              .setNamespace(namespace)
              .setMaximumPageSize(1000)
              .setStartTimeFilter(started)
              .setTypeFilter(WorkflowTypeFilter.newBuilder().setName(type))
              .setNextPageToken(page);
      ListClosedWorkflowExecutionsResponse res =
          guard(() -> service().blockingStub().listClosedWorkflowExecutions(req.build()));
      res.getExecutionsList().stream().filter(i -> isType(i, type)).forEach(out::add);
      page = res.getNextPageToken();
    } while (!page.isEmpty());
    return out;
  }

  /** The test server ignores the type filter; the real one applies it. */
  private static boolean isType(WorkflowExecutionInfo info, String type) {
    return type.equals(info.getType().getName());
  }

  private static List<WorkflowExecutionInfo> newestFirst(List<WorkflowExecutionInfo> infos) {
    List<WorkflowExecutionInfo> sorted = new ArrayList<>(infos);
    sorted.sort(
        Comparator.comparing((WorkflowExecutionInfo i) -> instant(i.getStartTime())).reversed());
    return sorted;
  }

  private static StartTimeFilter allTime() {
    Instant latest = Instant.now().plus(Duration.ofDays(1));
    return StartTimeFilter.newBuilder()
        .setEarliestTime(Timestamp.newBuilder().setSeconds(0))
        .setLatestTime(Timestamp.newBuilder().setSeconds(latest.getEpochSecond()))
        .build();
  }

  private String memo(WorkflowExecutionInfo info, String key) {
    if (!info.hasMemo() || !info.getMemo().containsFields(key)) return null;
    Object v =
        new WorkflowExecutionMetadata(info, client.getOptions().getDataConverter())
            .getMemo(key, String.class);
    return v == null ? null : v.toString();
  }

  private WorkflowServiceStubs service() {
    return client.getWorkflowServiceStubs();
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** Turns "Temporal went away" (at any depth) into {@link TemporalUnreachableException}. */
  <T> T guard(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (unavailable(e)) {
        throw new TemporalUnreachableException(
            address,
            "Temporal is unreachable at "
                + address
                + " ("
                + rootMessage(e)
                + "); is it running? (greenlight dev starts one)",
            e);
      }
      throw e;
    }
  }

  private static boolean unavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.UNAVAILABLE) return true;
    }
    return false;
  }

  private static boolean notFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof WorkflowNotFoundException) return true;
      if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND)
        return true;
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
