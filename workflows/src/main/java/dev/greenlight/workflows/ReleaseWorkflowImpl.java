package dev.greenlight.workflows;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.SmokeReport;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.Durations;
import dev.greenlight.api.spec.ReleaseSpec;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.DynamicSignalHandler;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The release runbook, step by step. Deterministic: only {@code Workflow.*}, no I/O.
 *
 * <p>The pipeline runs in a cancellation scope that {@code reject} and {@code abort} cancel (see
 * {@link ReleaseDecisions}). Right before the first switch, the runbook registers its compensation:
 * from there on, a failure, a monitor breach or an abort sends traffic back to the previous color,
 * verified, before the release ends (see {@link Compensation}). {@link Outcome} words the ending.
 */
public class ReleaseWorkflowImpl extends DecisionHandlers implements ReleaseWorkflow {
  private static final Logger log = Workflow.getLogger(ReleaseWorkflowImpl.class);

  /** Change id: per-check baselines, monitoring on an absolute grid, pause and resume. */
  static final String GRID_CHANGE = "monitor-grid-1";

  private final Compensation compensation = new Compensation();
  private final FullPromotion promotion = new FullPromotion();
  private ReleaseRequest request;
  private ReleaseSpec spec;
  private StatusBoard board;
  private ApprovalPolicy policy;
  private ReleaseActivities activities;
  private Steps steps;
  private Notifier notifier;
  private final PauseControl pause = new PauseControl();

  /** Releases started since change monitor-grid-1: per-check baselines, the grid, pause. */
  private GridMonitor grid;

  @Override
  public ReleaseStatus release(ReleaseRequest request) {
    this.request = request;
    this.spec = request.spec();
    this.board = new StatusBoard(request);
    // any other signal name (e.g. "Approve") is listed as refused, not dropped by the SDK
    Workflow.registerListener((DynamicSignalHandler) decisions::unknownSignal);
    decisions.requireSignatures(new SignatureGate(request));
    board.indexStart();
    this.policy = new ApprovalPolicy(spec.approval(), request.initiator());
    this.activities = new ReleaseActivities(request);
    this.steps = new Steps(board, decisions);
    this.notifier = new Notifier(request, board);
    CancellationScope pipeline = Workflow.newCancellationScope(this::runPipeline);
    decisions.begin(board, policy, compensation, pipeline);
    promotion.begin(board, policy, decisions);
    Outcome outcome;
    try {
      pipeline.run();
      outcome =
          Outcome.succeeded(
              spec.app(),
              request.version(),
              board.target(),
              board.approvals(),
              board.monitor(),
              spec.monitor().window());
    } catch (ActivityFailure | CanceledFailure | StepFailure | ApprovalEnded e) {
      outcome = end(e);
    }
    board.finish(outcome.state(), outcome.sentence());
    notifier.ended(outcome, compensation.running());
    notifier.drain();
    ReleaseStatus result = board.snapshot();
    log.info("release {} ended {}: {}", request.releaseId(), result.state(), result.outcome());
    return result;
  }

  // ---- the runbook ----------------------------------------------------------------------------

  private void runPipeline() {
    if (decisions.stop() != null) throw new CanceledFailure("stopped before it began");
    Color live = activities.liveColor();
    board.colors(live, live.other());
    deploy();
    awaitHealthy();
    migrate();
    smokeTest();
    checkDrift();
    awaitApproval();
    switchTraffic();
    watch();
  }

  private void deploy() {
    steps.run("deploy", Stage.DEPLOYING, () -> activities.deploy(board.target()));
  }

  private void awaitHealthy() {
    steps.run("health", Stage.HEALTH_CHECK, () -> activities.awaitHealthy(board.target()));
  }

  private void migrate() {
    if (spec.database() == null) {
      board.stage(Stage.MIGRATING);
      board.beginStep("migrate");
      board.endStep("migrate", "SKIPPED", "no database in the spec");
      return;
    }
    Supplier<MigrationReport> run =
        () -> {
          try {
            return activities.migrate();
          } catch (ActivityFailure f) {
            // a failure partway leaves the earlier migrations applied
            board.migrated(ReleaseActivities.leftApplied(f));
            throw f;
          }
        };
    board.migrated(steps.run("migrate", Stage.MIGRATING, run, MigrationReport::detail).applied());
  }

  /** The new color first; then the live one, because the old code now runs on the new schema. */
  private void smokeTest() {
    Color target = board.target();
    Color live = board.live();
    Supplier<String> run =
        () -> {
          SmokeReport onTarget = activities.smoke(target);
          if (!onTarget.passed()) {
            String version = request.version();
            throw new StepFailure(
                "smoke",
                "smoke on " + target + " (new, " + version + ") failed: " + onTarget.summary());
          }
          SmokeReport onLive = activities.smoke(live);
          if (!onLive.passed()) {
            throw new StepFailure(
                "smoke",
                "smoke on " + live + " (live, on the new schema) failed: " + onLive.summary());
          }
          return target + ": " + onTarget.summary() + "; " + live + " (live): " + onLive.summary();
        };
    steps.run("smoke", Stage.SMOKE_TESTING, run);
  }

  /** Both colors configured alike (spec {@code drift:}); specs without it keep their history. */
  private void checkDrift() {
    if (spec.drift() == null) return;
    if (Workflow.getVersion("lifecycle-drift-1", Workflow.DEFAULT_VERSION, 1) < 1) return;
    LifecycleActivities inspection = new LifecycleActivities(request);
    steps.run(
        "drift",
        Stage.SMOKE_TESTING,
        () -> DriftCheck.run(inspection, spec.drift(), board.target(), board.live()));
  }

  private void awaitApproval() {
    Duration timeout = spec.approval().timeout();
    Supplier<String> run =
        () -> {
          String deadline =
              Instant.ofEpochMilli(Workflow.currentTimeMillis()).plus(timeout).toString();
          board.awaitingApproval(
              new ApprovalDetails(
                  spec.approval(), request.initiator(), request.releaseId(), deadline));
          board.stepDetail("approval", policy.progress(board.approvals()));
          notifier.awaitingApproval();
          if (!Workflow.await(timeout, () -> policy.satisfied(board.approvals()))) {
            String progress = policy.progress(board.approvals());
            throw new ApprovalEnded(
                ReleaseState.TIMED_OUT,
                "no approval within " + Durations.format(timeout) + " (" + progress + ")");
          }
          return policy.progress(board.approvals()) + ": " + Outcome.approvers(board.approvals());
        };
    steps.run("approval", Stage.AWAITING_APPROVAL, run);
  }

  private void switchTraffic() {
    Color target = board.target();
    Color previous = board.live();
    board.stage(Stage.SWITCHING); // approved: from now on reject is refused, abort rolls back
    if (Workflow.getVersion(GRID_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1) {
      grid = new GridMonitor(spec.monitor(), activities, board, pause, notifier::alerts);
      pause.enable();
    }
    long measured = 0;
    if (grid != null) {
      grid.measureBaseline();
    } else {
      measured = activities.baseline();
      board.baseline(measured);
    }
    long baseline = measured;
    // From here on, failure means switch back: registered before the first switch.
    compensation.register("switch back to " + previous, () -> switchBack(previous));
    for (int percent : spec.router().steps()) {
      if (percent < 100 && promotion.promoted()) continue; // promote --full: straight to 100%
      Supplier<String> run =
          () -> {
            String detail = activities.switchTo(target, percent);
            board.traffic(percent);
            if (percent == 100) {
              detail = detail + "; " + activities.verifyServing(target);
              board.live(target);
            }
            return percent + "% on " + target + ": " + detail;
          };
      // a pause between two holds waits here (monitor-grid-1 only: the flag is set only there)
      if (pause.paused()) Workflow.await(() -> !pause.paused());
      steps.run("switch", Stage.SWITCHING, run);
      if (percent < 100 && !promotion.promoted()) {
        promotion.hold(() -> monitorFor("hold", spec.router().stepHold(), baseline));
      }
    }
    notifier.switched();
  }

  private void watch() {
    monitorFor("monitor", spec.monitor().window(), board.monitor().baselineP95Ms());
  }

  /**
   * Watches for {@code length} in a few long activities (not one per sample) so the history stays
   * small; each returns early on a breach.
   */
  private void monitorFor(String stepName, Duration length, long baseline) {
    Duration interval = spec.monitor().interval();
    Duration chunk = ReleaseActivityOptions.max(interval.multipliedBy(6), length.dividedBy(15));
    if (grid != null) {
      Supplier<String> gridRun =
          () -> {
            String breach = grid.watch(stepName, length);
            if (breach != null) {
              String at = board.trafficPercent() + "% on " + board.target();
              throw new StepFailure(stepName, "monitor breach at " + at + ": " + breach);
            }
            return board.monitorText();
          };
      steps.run(stepName, Stage.MONITORING, gridRun);
      return;
    }
    Supplier<String> run =
        () -> {
          for (Duration left = length; left.compareTo(Duration.ZERO) > 0; ) {
            Duration part = left.compareTo(chunk) < 0 ? left : chunk;
            MonitorReport report = activities.watch(part, baseline);
            board.sampled(report.samples());
            notifier.alerts(report.samples());
            board.stepDetail(stepName, board.monitorText());
            if (report.breached()) {
              String at = board.trafficPercent() + "% on " + board.target();
              throw new StepFailure(stepName, "monitor breach at " + at + ": " + report.reason());
            }
            left = left.minus(part);
          }
          return board.monitorText();
        };
    steps.run(stepName, Stage.MONITORING, run);
  }

  // ---- the ending and its compensation ---------------------------------------------------------

  /** Runs the compensation registered so far, if any, and tells what happened. */
  private Outcome end(RuntimeException e) {
    String why = FailureText.why(e);
    Color target = board.target();
    Color live = board.live(); // null: it ended before it knew the colors
    Color previous = live != null && live == target ? target.other() : live;
    String rollbackFailure = compensation.run();
    return Outcome.ended(
        new Outcome.Ending(
            why,
            decisions.stop(),
            e instanceof ApprovalEnded ended ? ended.state : null,
            previous,
            target,
            compensation.registered(),
            rollbackFailure,
            board.migrations()));
  }

  /** Sends all traffic back to {@code previous} and proves it. */
  private void switchBack(Color previous) {
    board.stage(Stage.ROLLING_BACK);
    board.beginStep("rollback");
    try {
      String detail = activities.switchTo(previous, 100);
      board.traffic(0);
      detail = detail + "; " + activities.verifyServing(previous);
      board.live(previous);
      board.endStep("rollback", "SUCCEEDED", "all traffic on " + previous + ": " + detail);
    } catch (ActivityFailure f) {
      String why = FailureText.of(f);
      board.endStep("rollback", "FAILED", why);
      throw new StepFailure("rollback", why);
    }
  }

  // ---- approve, reject, abort: updates (CLI) and signals (UI), same rules; see ReleaseDecisions

  @Override
  public ReleaseStatus status() {
    return board == null ? null : board.snapshot();
  }

  // ---- promote --full (see FullPromotion) -----------------------------------------------------

  @Override
  public void validatePromote(Decision d) {
    promotion.validate(d);
  }

  @Override
  public String promoteUpdate(Decision d) {
    return promotion.apply(d);
  }

  // ---- pause and resume: updates (CLI); see PauseControl

  @Override
  public void validatePause(Decision d) {
    refuseIf(pause.check("pause", d, decisions.refusal(), stage()));
  }

  @Override
  public String pauseUpdate(Decision d) {
    pause.pause(d.approver(), d.reason());
    board.paused(pause.text());
    return pause.text() + " during " + board.stage();
  }

  @Override
  public void validateResume(Decision d) {
    refuseIf(pause.check("resume", d, decisions.refusal(), stage()));
  }

  @Override
  public String resumeUpdate(Decision d) {
    String was = pause.text();
    pause.resume();
    board.paused(null);
    return "resumed by " + d.approver() + " (" + was + ")";
  }

  private Stage stage() {
    return board == null ? null : board.stage();
  }

  private static void refuseIf(String why) {
    if (why != null) throw new IllegalArgumentException(why);
  }
}
