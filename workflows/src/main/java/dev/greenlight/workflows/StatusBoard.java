package dev.greenlight.workflows;

import dev.greenlight.workflows.activities.MonitorSample;
import dev.greenlight.workflows.model.AppliedMigration;
import dev.greenlight.workflows.model.Approval;
import dev.greenlight.workflows.model.Color;
import dev.greenlight.workflows.model.MonitorStats;
import dev.greenlight.workflows.model.Refusal;
import dev.greenlight.workflows.model.ReleaseState;
import dev.greenlight.workflows.model.ReleaseStatus;
import dev.greenlight.workflows.model.Stage;
import dev.greenlight.workflows.model.StepRecord;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a release's status changes. Every change refreshes the summary the Temporal UI
 * shows. Workflow code only: time comes from {@link Workflow#currentTimeMillis()}.
 */
final class StatusBoard {
  private final ReleaseRequest request;
  private final String startedAt;
  private ReleaseState state = ReleaseState.RUNNING;
  private Stage stage = Stage.DEPLOYING;
  private Color live;
  private Color target;
  private final List<Approval> approvals = new ArrayList<>();
  private final List<StepRecord> steps = new ArrayList<>();
  private final List<AppliedMigration> migrations = new ArrayList<>();
  private final List<Refusal> refused = new ArrayList<>();
  private final List<Long> latencies = new ArrayList<>();
  private int samples;
  private int requests;
  private int errors;
  private int breaches;
  private int alerts;
  private long baselineP95Ms;
  private String lastAlert;
  private int trafficPercent;
  private String outcome;
  private String endedAt;

  StatusBoard(ReleaseRequest request) {
    this.request = request;
    this.startedAt = now();
  }

  static String now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString();
  }

  ReleaseState state() { return state; }

  Stage stage() { return stage; }

  Color live() { return live; }

  Color target() { return target; }

  int trafficPercent() { return trafficPercent; }

  List<Approval> approvals() { return approvals; }

  List<AppliedMigration> migrations() { return migrations; }

  MonitorStats monitor() {
    return new MonitorStats(samples, requests == 0 ? 0.0 : (double) errors / requests, p95(), breaches, alerts, baselineP95Ms, lastAlert);
  }

  void colors(Color live, Color target) {
    this.live = live;
    this.target = target;
    publish();
  }

  void live(Color live) {
    this.live = live;
    publish();
  }

  void stage(Stage stage) {
    boolean changed = this.stage != stage;
    this.stage = stage;
    publish();
    if (changed) upsertStage();
  }

  /** Sets app and version (once) and the stage, when the namespace has the attributes. */
  void indexStart() {
    if (!request.searchAttributes()) return;
    Workflow.upsertTypedSearchAttributes(
        SearchAttributes.APP.valueSet(request.spec().app()),
        SearchAttributes.VERSION.valueSet(request.version()),
        SearchAttributes.STAGE.valueSet(stage.name()));
  }

  private void upsertStage() {
    if (!request.searchAttributes()) return;
    Workflow.upsertTypedSearchAttributes(SearchAttributes.STAGE.valueSet(stage.name()));
  }

  void traffic(int percent) {
    this.trafficPercent = percent;
    publish();
  }

  void beginStep(String name) {
    steps.add(new StepRecord(name, "RUNNING", now(), null, null));
    publish();
  }

  void endStep(String name, String status, String detail) {
    for (int i = steps.size() - 1; i >= 0; i--) {
      StepRecord s = steps.get(i);
      if (s.name().equals(name) && s.endedAt() == null) {
        steps.set(i, new StepRecord(name, status, s.startedAt(), now(), detail));
        break;
      }
    }
    publish();
  }

  /** Updates the detail of a step still running (e.g. approvals so far). */
  void stepDetail(String name, String detail) {
    for (int i = steps.size() - 1; i >= 0; i--) {
      StepRecord s = steps.get(i);
      if (s.name().equals(name) && s.endedAt() == null) {
        steps.set(i, new StepRecord(name, s.status(), s.startedAt(), null, detail));
        break;
      }
    }
    publish();
  }

  void approved(Approval a) {
    approvals.add(a);
    publish();
  }

  void refused(String command, String by, String reason) {
    refused.add(new Refusal(command, by, reason, now()));
    publish();
  }

  void migrated(List<AppliedMigration> applied) {
    migrations.addAll(applied);
    publish();
  }

  void baseline(long p95Ms) {
    this.baselineP95Ms = p95Ms;
  }

  void sampled(List<MonitorSample> batch) {
    for (MonitorSample s : batch) {
      samples++;
      requests += s.requests();
      errors += s.errors();
      latencies.add(s.p95Ms());
      if ("ROLLBACK".equals(s.verdict())) breaches++;
      if ("ALERT".equals(s.verdict())) {
        alerts++;
        lastAlert = s.at() + " " + s.reason();
      }
    }
    publish();
  }

  void finish(ReleaseState state, String outcome) {
    this.state = state;
    this.outcome = outcome;
    this.stage = Stage.DONE;
    this.endedAt = now();
    publish();
    upsertStage();
  }

  /** p95 over the samples' own p95s: a conservative figure that needs no raw latencies. */
  private long p95() {
    if (latencies.isEmpty()) return 0;
    List<Long> sorted = new ArrayList<>(latencies);
    sorted.sort(Long::compare);
    int idx = (int) Math.ceil(0.95 * sorted.size()) - 1;
    return sorted.get(Math.max(0, idx));
  }

  ReleaseStatus snapshot() {
    return new ReleaseStatus(
        request.releaseId(),
        request.spec().app(),
        request.version(),
        state,
        stage,
        live == null ? null : live.label(),
        target == null ? null : target.label(),
        request.initiator(),
        List.copyOf(approvals),
        List.copyOf(steps),
        monitor(),
        outcome,
        trafficPercent,
        List.copyOf(migrations),
        List.copyOf(refused),
        startedAt,
        endedAt);
  }

  /** The markdown the Temporal UI shows as the workflow's current details. */
  String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("**").append(request.spec().app()).append(' ').append(request.version()).append("**: ")
        .append(state).append(" / ").append(stage).append("\n\n");
    if (live != null) {
      sb.append("live: ").append(live.label()).append(", target: ").append(target.label())
          .append(", traffic on target: ").append(trafficPercent).append("%\n\n");
    }
    for (StepRecord s : steps) {
      sb.append("- ").append(s.name()).append(": ").append(s.status());
      if (s.detail() != null) sb.append(" (").append(s.detail().lines().findFirst().orElse("")).append(')');
      sb.append('\n');
    }
    if (stage == Stage.AWAITING_APPROVAL) {
      sb.append("\nApprove: send the signal `approve` with `{\"approver\": \"<name>\", \"comment\": \"...\"}`\n");
    }
    if (outcome != null) sb.append("\n").append(outcome).append('\n');
    return sb.toString();
  }

  private void publish() {
    Workflow.setCurrentDetails(markdown());
  }
}
