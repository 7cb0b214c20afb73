package dev.greenlight.workflows;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.activities.DeployActivities;
import dev.greenlight.api.activities.HealthActivities;
import dev.greenlight.api.activities.MigrationActivities;
import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.SmokeActivities;
import dev.greenlight.api.activities.SmokeReport;
import dev.greenlight.api.activities.TrafficActivities;
import dev.greenlight.api.model.AppliedMigration;
import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.MonitorStats;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.Durations;
import dev.greenlight.api.spec.ReleaseSpec;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The release runbook, step by step. Deterministic: only {@code Workflow.*}, no I/O.
 *
 * <p>The pipeline runs in a cancellation scope that {@code reject} and {@code abort} cancel. Once
 * the switch starts, a failure, a monitor breach or an abort sends traffic back to the previous
 * color in a detached scope, and the rollback is verified.
 */
public class ReleaseWorkflowImpl implements ReleaseWorkflow {
  private static final Logger log = Workflow.getLogger(ReleaseWorkflowImpl.class);

  private ReleaseRequest request;
  private ReleaseContext ctx;
  private StatusBoard board;
  private ApprovalPolicy policy;
  private CancellationScope pipeline;

  /** Set by reject or abort: why the pipeline was cancelled. */
  private Stop stop;

  /** True once the switch step started: from then on, failure means rollback. */
  private boolean switchStarted;

  private boolean compensating;

  private DeployActivities deploy;
  private HealthActivities health;
  private MigrationActivities migration;
  private SmokeActivities smoke;
  private TrafficActivities traffic;
  private MonitorActivities monitor;

  private record Stop(String command, String by, String reason, Stage stage) {}

  @Override
  public ReleaseStatus release(ReleaseRequest request) {
    this.request = request;
    this.ctx = new ReleaseContext(request.releaseId(), request.version(), request.spec());
    this.board = new StatusBoard(request);
    board.indexStart();
    this.policy = new ApprovalPolicy(request.spec().approval(), request.initiator());
    createStubs(request.spec());

    pipeline = Workflow.newCancellationScope(this::runPipeline);
    try {
      pipeline.run();
      board.finish(ReleaseState.SUCCEEDED, successOutcome());
    } catch (ActivityFailure | CanceledFailure | StepFailure | ApprovalEnded e) {
      end(e);
    }
    ReleaseStatus result = board.snapshot();
    log.info("release {} ended {}: {}", request.releaseId(), result.state(), result.outcome());
    return result;
  }

  // ---- the runbook ----------------------------------------------------------------------------

  private void runPipeline() {
    if (stop != null) throw new CanceledFailure("stopped before it began");
    Color live = traffic.liveColor(ctx);
    board.colors(live, live.other());
    deploy();
    awaitHealthy();
    migrate();
    smokeTest();
    awaitApproval();
    switchTraffic();
    watch();
  }

  private void deploy() {
    step("deploy", Stage.DEPLOYING, () -> deploy.deploy(ctx, board.target()), d -> d);
  }

  private void awaitHealthy() {
    step("health", Stage.HEALTH_CHECK, () -> health.awaitHealthy(ctx, board.target()), d -> d);
  }

  private void migrate() {
    if (request.spec().database() == null) {
      board.stage(Stage.MIGRATING);
      board.beginStep("migrate");
      board.endStep("migrate", "SKIPPED", "no database in the spec");
      return;
    }
    MigrationReport report =
        step(
            "migrate",
            Stage.MIGRATING,
            () -> {
              try {
                return migration.migrate(ctx);
              } catch (ActivityFailure f) {
                board.migrated(
                    stayApplied(f)); // a failure partway leaves the earlier migrations applied
                throw f;
              }
            },
            MigrationReport::detail);
    board.migrated(report.applied());
  }

  /**
   * The migrations a failed migrate step left applied: the activity sends them as the failure's
   * details.
   */
  private static List<AppliedMigration> stayApplied(ActivityFailure f) {
    if (!(f.getCause() instanceof ApplicationFailure a) || a.getDetails().getSize() == 0)
      return List.of();
    try {
      MigrationReport report = a.getDetails().get(0, MigrationReport.class);
      return report == null || report.applied() == null ? List.of() : report.applied();
    } catch (RuntimeException unreadable) {
      return List
          .of(); // details of another shape: say nothing rather than fail the release's ending
    }
  }

  /** The new color first; then the live one, because the old code now runs on the new schema. */
  private void smokeTest() {
    Color target = board.target();
    Color live = board.live();
    step(
        "smoke",
        Stage.SMOKE_TESTING,
        () -> {
          SmokeReport onTarget = smoke.smoke(ctx, target);
          if (!onTarget.passed()) {
            throw new StepFailure(
                "smoke",
                "smoke on "
                    + target
                    + " (new, "
                    + request.version()
                    + ") failed: "
                    + onTarget.summary());
          }
          SmokeReport onLive = smoke.smoke(ctx, live);
          if (!onLive.passed()) {
            throw new StepFailure(
                "smoke",
                "smoke on " + live + " (live, on the new schema) failed: " + onLive.summary());
          }
          return target + ": " + onTarget.summary() + "; " + live + " (live): " + onLive.summary();
        },
        d -> d);
  }

  private void awaitApproval() {
    Duration timeout = request.spec().approval().timeout();
    step(
        "approval",
        Stage.AWAITING_APPROVAL,
        () -> {
          board.stepDetail("approval", approvalProgress());
          boolean decided = Workflow.await(timeout, () -> policy.satisfied(board.approvals()));
          if (!decided) {
            throw new ApprovalEnded(
                ReleaseState.TIMED_OUT,
                "no approval within "
                    + Durations.format(timeout)
                    + " ("
                    + approvalProgress()
                    + ")");
          }
          return approvalProgress() + ": " + approversText();
        },
        d -> d);
  }

  private void switchTraffic() {
    Color target = board.target();
    board.stage(Stage.SWITCHING); // approved: from now on reject is refused, abort rolls back
    long baseline = monitor.baseline(ctx);
    board.baseline(baseline);
    // From here on a failure sends traffic back; the flag is the saga's compensation, set first.
    switchStarted = true;
    List<Integer> steps = request.spec().router().steps();
    for (int percent : steps) {
      step(
          "switch",
          Stage.SWITCHING,
          () -> {
            String detail = traffic.switchTo(ctx, target, percent);
            board.traffic(percent);
            if (percent == 100) {
              detail = detail + "; " + traffic.verifyServing(ctx, target);
              board.live(target);
            }
            return percent + "% on " + target + ": " + detail;
          },
          d -> d);
      if (percent < 100) {
        monitorFor("hold", request.spec().router().stepHold(), baseline);
      }
    }
  }

  private void watch() {
    monitorFor("monitor", request.spec().monitor().window(), board.monitor().baselineP95Ms());
  }

  /**
   * Watches for {@code length} in a few long activities (not one per sample) so the history stays
   * small; each returns early on a breach.
   */
  private void monitorFor(String stepName, Duration length, long baseline) {
    Duration interval = request.spec().monitor().interval();
    Duration chunk = max(interval.multipliedBy(6), length.dividedBy(15));
    step(
        stepName,
        Stage.MONITORING,
        () -> {
          Duration remaining = length;
          while (remaining.compareTo(Duration.ZERO) > 0) {
            Duration part = remaining.compareTo(chunk) < 0 ? remaining : chunk;
            MonitorReport report = monitor.watch(ctx, part, baseline);
            board.sampled(report.samples());
            board.stepDetail(stepName, monitorText());
            if (report.breached()) {
              throw new StepFailure(
                  stepName,
                  "monitor breach at "
                      + board.trafficPercent()
                      + "% on "
                      + board.target()
                      + ": "
                      + report.reason());
            }
            remaining = remaining.minus(part);
          }
          return monitorText();
        },
        d -> d);
  }

  // ---- ending and compensation ----------------------------------------------------------------

  private void end(RuntimeException e) {
    String why = describe(e);
    Color previous = board.live() == board.target() ? board.target().other() : board.live();
    if (board.live() == null) {
      board.finish(
          ReleaseState.FAILED, "The release could not start: " + why + "; nothing was changed.");
      return;
    }
    String traffic = "traffic stays on " + previous;
    if (switchStarted) {
      String rollback = rollBack(previous);
      if (rollback != null) {
        board.finish(
            ReleaseState.FAILED,
            capitalize(why)
                + "; the rollback to "
                + previous
                + " FAILED ("
                + rollback
                + "): check the router by hand, traffic may still be on "
                + board.target()
                + "."
                + migrationNote());
        return;
      }
      traffic = "traffic is back on " + previous;
    }
    ReleaseState state;
    String outcome;
    if (stop != null && stop.command().equals("reject")) {
      state = ReleaseState.REJECTED;
      outcome =
          "Rejected by "
              + stop.by()
              + ": "
              + stop.reason()
              + "; nothing was switched, "
              + traffic
              + ".";
    } else if (stop != null) {
      state = ReleaseState.ABORTED;
      outcome =
          "Aborted by "
              + stop.by()
              + " during "
              + stop.stage()
              + ": "
              + stop.reason()
              + "; "
              + traffic
              + ".";
    } else if (e instanceof ApprovalEnded ended) {
      state = ended.state;
      outcome = capitalize(ended.getMessage()) + "; nothing was switched, " + traffic + ".";
    } else if (switchStarted) {
      state = ReleaseState.ROLLED_BACK;
      outcome = "Rolled back: " + why + "; " + traffic + ".";
    } else {
      state = ReleaseState.FAILED;
      outcome = capitalize(why) + "; " + traffic + ".";
    }
    board.finish(state, outcome + migrationNote());
  }

  /** Sends all traffic back to {@code previous} and proves it; returns null, or why it failed. */
  private String rollBack(Color previous) {
    compensating = true;
    String[] failure = new String[1];
    Workflow.newDetachedCancellationScope(
            () -> {
              board.stage(Stage.ROLLING_BACK);
              board.beginStep("rollback");
              try {
                String detail = traffic.switchTo(ctx, previous, 100);
                board.traffic(0);
                detail = detail + "; " + traffic.verifyServing(ctx, previous);
                board.live(previous);
                board.endStep(
                    "rollback", "SUCCEEDED", "all traffic on " + previous + ": " + detail);
              } catch (ActivityFailure f) {
                failure[0] = failureMessage(f);
                board.endStep("rollback", "FAILED", failure[0]);
              }
            })
        .run();
    return failure[0];
  }

  /** Why the release ended, as a clause: the outcome continues it with "; traffic ...". */
  private String describe(RuntimeException e) {
    String why;
    if (e instanceof StepFailure s) why = s.getMessage();
    else if (e instanceof ApprovalEnded a) why = a.getMessage();
    else if (e instanceof ActivityFailure a) why = failureMessage(a);
    else why = e.getMessage();
    return why != null && why.endsWith(".") ? why.substring(0, why.length() - 1) : why;
  }

  /**
   * Migrations are never undone (they are backward compatible by rule): a release that ends
   * otherwise names them.
   */
  private String migrationNote() {
    List<AppliedMigration> applied = board.migrations();
    if (applied.isEmpty() || board.state() == ReleaseState.SUCCEEDED) return "";
    return " Migrations "
        + applied.stream()
            .map(m -> m.version() == null ? m.script() : "V" + m.version())
            .collect(Collectors.joining(", "))
        + " stay applied (backward compatible by rule).";
  }

  private String successOutcome() {
    MonitorStats m = board.monitor();
    return String.format(
        "%s %s is live on %s: approved by %s; %d monitor samples over %s within thresholds (error"
            + " rate %.1f%%, p95 %dms).",
        request.spec().app(),
        request.version(),
        board.target(),
        approversText(),
        m.samples(),
        Durations.format(request.spec().monitor().window()),
        m.errorRate() * 100,
        m.p95Ms());
  }

  // ---- commands: updates (CLI) and signals (Temporal UI), same rules ---------------------------

  @Override
  public ReleaseStatus status() {
    return board == null ? null : board.snapshot();
  }

  @Override
  public void validateApprove(Decision d) {
    refuseIf(checkApprove(d));
  }

  @Override
  public String approveUpdate(Decision d) {
    return applyApprove(d, "cli");
  }

  @Override
  public void approve(Decision d) {
    String why = checkApprove(d);
    if (why != null) board.refused("approve", d == null ? null : d.approver(), why);
    else applyApprove(d, "signal");
  }

  @Override
  public void validateReject(Decision d) {
    refuseIf(checkReject(d));
  }

  @Override
  public String rejectUpdate(Decision d) {
    return applyStop("reject", d);
  }

  @Override
  public void reject(Decision d) {
    String why = checkReject(d);
    if (why != null) board.refused("reject", d == null ? null : d.approver(), why);
    else applyStop("reject", d);
  }

  @Override
  public void validateAbort(Decision d) {
    refuseIf(checkAbort(d));
  }

  @Override
  public String abortUpdate(Decision d) {
    return applyStop("abort", d);
  }

  @Override
  public void abort(Decision d) {
    String why = checkAbort(d);
    if (why != null) board.refused("abort", d == null ? null : d.approver(), why);
    else applyStop("abort", d);
  }

  private String checkRunning() {
    if (board == null) return "the release has not started yet";
    if (board.state().finished()) return "the release already ended " + board.state();
    if (compensating) return "the release is already rolling back";
    if (stop != null)
      return "the release is already stopping (" + stop.command() + "ed by " + stop.by() + ")";
    return null;
  }

  /** Bounded fields first: no later reason may repeat a value of any size. */
  private static String checkFields(Decision d) {
    return d == null ? null : d.problem();
  }

  private String checkApprove(Decision d) {
    String why = checkFields(d);
    if (why != null) return why;
    why = checkRunning();
    if (why != null) return why;
    if (board.stage() != Stage.AWAITING_APPROVAL) {
      return "the release is not awaiting approval (stage " + board.stage() + ")";
    }
    if (policy.satisfied(board.approvals())) return "the release is already approved";
    if (board.approvals().size() >= StatusBoard.APPROVALS_MAX) {
      return "the release already has "
          + StatusBoard.APPROVALS_MAX
          + " approvals, the most it records";
    }
    return policy.checkApprove(d, board.approvals());
  }

  private String checkReject(Decision d) {
    String why = checkFields(d);
    if (why != null) return why;
    why = checkRunning();
    if (why != null) return why;
    if (board.stage().compareTo(Stage.SWITCHING) >= 0)
      return "traffic is already switching (stage " + board.stage() + "): use abort to roll back";
    why = policy.eligibility(d == null ? null : d.approver());
    if (why != null) return why;
    if (d.reason() == null || d.reason().isBlank()) return "a reason is required";
    return null;
  }

  private String checkAbort(Decision d) {
    String why = checkFields(d);
    if (why != null) return why;
    why = checkRunning();
    if (why != null) return why;
    if (d == null || d.approver() == null || d.approver().isBlank())
      return "the sender's name is required";
    if (d.reason() == null || d.reason().isBlank()) return "a reason is required";
    return null;
  }

  private static void refuseIf(String why) {
    if (why != null) throw new IllegalArgumentException(why);
  }

  private String applyApprove(Decision d, String via) {
    board.approved(new Approval(d.approver(), StatusBoard.now(), d.comment(), via));
    board.stepDetail("approval", approvalProgress());
    return "approved by " + d.approver() + " (" + approvalProgress() + ")";
  }

  private String applyStop(String command, Decision d) {
    stop = new Stop(command, d.approver(), d.reason(), board.stage());
    if (pipeline != null) pipeline.cancel(command + "ed by " + d.approver() + ": " + d.reason());
    return command + "ed by " + d.approver() + " during " + board.stage();
  }

  // ---- plumbing -------------------------------------------------------------------------------

  /** Runs one step: stage, status record, and a plain failure message when it fails. */
  private <T> T step(String name, Stage stage, Supplier<T> body, Function<T, String> detail) {
    board.stage(stage);
    board.beginStep(name);
    try {
      T result = body.get();
      board.endStep(name, "SUCCEEDED", detail.apply(result));
      return result;
    } catch (CanceledFailure e) {
      board.endStep(name, "CANCELED", stopText());
      throw e;
    } catch (ActivityFailure e) {
      if (stop != null || e.getCause() instanceof CanceledFailure) {
        board.endStep(name, "CANCELED", stopText());
        throw e;
      }
      String msg = failureMessage(e);
      board.endStep(name, "FAILED", msg);
      throw new StepFailure(name, name + " failed: " + msg);
    } catch (StepFailure | ApprovalEnded e) {
      board.endStep(name, "FAILED", e.getMessage());
      throw e;
    }
  }

  private String stopText() {
    return stop == null ? "canceled" : stop.command() + "ed by " + stop.by() + ": " + stop.reason();
  }

  /** The operator-facing message inside an activity failure. */
  static String failureMessage(ActivityFailure f) {
    Throwable c = f.getCause();
    if (c instanceof ApplicationFailure a) return a.getOriginalMessage();
    if (c instanceof TimeoutFailure t)
      return "timed out ("
          + t.getTimeoutType().name().toLowerCase().replace("timeout_type_", "")
          + ")";
    if (c instanceof TemporalFailure t) return t.getOriginalMessage();
    return c == null ? f.getMessage() : c.getMessage();
  }

  private String approvalProgress() {
    return board.approvals().size() + " of " + policy.required() + " approvals";
  }

  private String approversText() {
    if (board.approvals().isEmpty()) return "nobody";
    return board.approvals().stream().map(Approval::approver).collect(Collectors.joining(", "));
  }

  private String monitorText() {
    MonitorStats m = board.monitor();
    return String.format(
        "%d samples, error rate %.1f%%, p95 %dms, %d alerts, %d breaches",
        m.samples(), m.errorRate() * 100, m.p95Ms(), m.alerts(), m.breaches());
  }

  private static String capitalize(String s) {
    if (s == null || s.isEmpty()) return s;
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private void createStubs(ReleaseSpec spec) {
    deploy = Workflow.newActivityStub(DeployActivities.class, ReleaseActivityOptions.deploy(spec));
    health = Workflow.newActivityStub(HealthActivities.class, ReleaseActivityOptions.health(spec));
    migration =
        Workflow.newActivityStub(MigrationActivities.class, ReleaseActivityOptions.migrate());
    smoke = Workflow.newActivityStub(SmokeActivities.class, ReleaseActivityOptions.smoke());
    traffic =
        Workflow.newActivityStub(TrafficActivities.class, ReleaseActivityOptions.traffic(spec));
    monitor =
        Workflow.newActivityStub(MonitorActivities.class, ReleaseActivityOptions.monitor(spec));
  }

  /** The approval wait ended without a switch (timeout). */
  static final class ApprovalEnded extends RuntimeException {
    final ReleaseState state;

    ApprovalEnded(ReleaseState state, String message) {
      super(message);
      this.state = state;
    }
  }
}
