package dev.greenlight.workflows;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.SearchAttributes;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.model.AppliedMigration;
import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.MonitorStats;
import dev.greenlight.api.model.NotificationRecord;
import dev.greenlight.api.model.Refusal;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.model.StepRecord;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a release's status changes. Every change refreshes the summary the Temporal UI
 * shows. Workflow code only: time comes from {@link Workflow#currentTimeMillis()}.
 *
 * <p>Everything it keeps is bounded, whatever senders and hooks send: the status is the query
 * answer and the workflow's result, and must stay far below Temporal's 2 MB payload limit. Step
 * details and the outcome keep their beginning and end, refusals keep the latest {@value
 * #REFUSED_KEPT} and a count.
 */
final class StatusBoard {
  /** Refused signals listed in status; older ones are only counted. */
  static final int REFUSED_KEPT = 20;

  /** Longest step detail or outcome kept (its middle gives way). */
  static final int DETAIL_MAX = 4000;

  /** Longest refusal reason or alert kept. */
  static final int REASON_MAX = 1000;

  /** Longest version kept in the status. */
  static final int VERSION_MAX = 128;

  /** Approvals recorded at most, whatever {@code required} says. */
  static final int APPROVALS_MAX = 100;

  private static final String ELLIPSIS = "…";

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
  private int refusedCount;
  private final List<Long> latencies = new ArrayList<>();
  private int samples;
  private int requests;
  private int errors;
  private int breaches;
  private int alerts;
  private long baselineP95Ms;
  private String lastAlert;
  private int inconclusive;
  private String lastVerdict;
  private String paused;
  private int trafficPercent;
  private String outcome;
  private String endedAt;
  private final List<NotificationRecord> notifications = new ArrayList<>();
  private final ReleaseMetrics metrics;

  /** Notifications listed in status; older ones give way. */
  static final int NOTIFICATIONS_KEPT = 50;

  private ApprovalDetails approvalDetails;

  StatusBoard(ReleaseRequest request) {
    this.request = request;
    this.startedAt = now();
    this.metrics = new ReleaseMetrics(request.spec().app());
    metrics.stage(stage);
  }

  static String now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString();
  }

  ReleaseState state() {
    return state;
  }

  Stage stage() {
    return stage;
  }

  Color live() {
    return live;
  }

  Color target() {
    return target;
  }

  int trafficPercent() {
    return trafficPercent;
  }

  List<Approval> approvals() {
    return approvals;
  }

  List<AppliedMigration> migrations() {
    return migrations;
  }

  MonitorStats monitor() {
    return new MonitorStats(
        samples,
        requests == 0 ? 0.0 : (double) errors / requests,
        p95(),
        breaches,
        alerts,
        baselineP95Ms,
        lastAlert,
        inconclusive,
        lastVerdict,
        paused);
  }

  /** Who paused the release and why, or null when it goes on. */
  void paused(String text) {
    this.paused = text;
    publish();
  }

  /** The monitor so far, as a step detail. */
  String monitorText() {
    MonitorStats m = monitor();
    return String.format(
            "%d samples, error rate %.1f%%, p95 %dms, %d alerts, %d breaches",
            m.samples(), m.errorRate() * 100, m.p95Ms(), m.alerts(), m.breaches())
        + (m.inconclusive() == 0 ? "" : ", " + m.inconclusive() + " inconclusive");
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
    metrics.stage(stage);
    this.stage = stage;
    publish();
    if (changed) upsertStage();
  }

  /** Sets app and version (once) and the stage, when the namespace has the attributes. */
  void indexStart() {
    if (!request.searchAttributes()) return;
    Workflow.upsertTypedSearchAttributes(
        SearchAttributes.APP.valueSet(request.spec().app()),
        SearchAttributes.VERSION.valueSet(clip(request.version(), VERSION_MAX)),
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
        steps.set(
            i, new StepRecord(name, status, s.startedAt(), now(), clipMiddle(detail, DETAIL_MAX)));
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
        steps.set(
            i,
            new StepRecord(name, s.status(), s.startedAt(), null, clipMiddle(detail, DETAIL_MAX)));
        break;
      }
    }
    publish();
  }

  /** What the UI's current details say while the release awaits approval. */
  void awaitingApproval(ApprovalDetails details) {
    this.approvalDetails = details;
    publish();
  }

  void approved(Approval a) {
    approvals.add(a);
    publish();
  }

  /** Lists a refused signal; {@code by} and {@code reason} are cut to a bounded length. */
  void refused(String command, String by, String reason) {
    refused.add(new Refusal(command, clip(by, Decision.NAME_MAX), clip(reason, REASON_MAX), now()));
    refusedCount++;
    while (refused.size() > REFUSED_KEPT) refused.remove(0);
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
      if ("INCONCLUSIVE".equals(s.verdict())) inconclusive++;
      lastVerdict = s.verdict();
      if ("ALERT".equals(s.verdict())) {
        alerts++;
        lastAlert = clip(s.at() + " " + s.reason(), REASON_MAX);
      }
    }
    metrics.sampled(batch);
    publish();
  }

  /** A notification sent or given up ({@link Notifier}). */
  void notified(NotificationRecord n) {
    notifications.add(n);
    while (notifications.size() > NOTIFICATIONS_KEPT) notifications.remove(0);
    publish();
  }

  void finish(ReleaseState state, String outcome) {
    metrics.finished(state);
    this.state = state;
    this.outcome = clipMiddle(outcome, DETAIL_MAX);
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
        clip(request.version(), VERSION_MAX),
        state,
        stage,
        live == null ? null : live.label(),
        target == null ? null : target.label(),
        clip(request.initiator(), Decision.NAME_MAX),
        List.copyOf(approvals),
        List.copyOf(steps),
        monitor(),
        outcome,
        trafficPercent,
        List.copyOf(migrations),
        List.copyOf(refused),
        startedAt,
        endedAt,
        refusedCount,
        List.copyOf(notifications));
  }

  /** The markdown the Temporal UI shows as the workflow's current details. */
  String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("**")
        .append(request.spec().app())
        .append(' ')
        .append(clip(request.version(), VERSION_MAX))
        .append("**: ")
        .append(state)
        .append(" / ")
        .append(stage)
        .append("\n\n");
    if (live != null) {
      sb.append("live: ")
          .append(live.label())
          .append(", target: ")
          .append(target.label())
          .append(", traffic on target: ")
          .append(trafficPercent)
          .append("%\n\n");
    }
    for (StepRecord s : steps) {
      sb.append("- ").append(s.name()).append(": ").append(s.status());
      if (s.detail() != null)
        sb.append(" (").append(s.detail().lines().findFirst().orElse("")).append(')');
      sb.append('\n');
    }
    if (stage == Stage.AWAITING_APPROVAL && approvalDetails != null) {
      sb.append(approvalDetails.markdown(approvals));
    } else if (stage == Stage.AWAITING_APPROVAL) {
      sb.append(
          "\n"
              + "Approve: send the signal `approve` with `{\"approver\": \"<name>\", \"comment\":"
              + " \"...\"}`\n");
    }
    if (paused != null) sb.append("\n").append(paused).append(": resume or abort it\n");
    if (outcome != null) sb.append("\n").append(outcome).append('\n');
    return sb.toString();
  }

  /** {@code s} cut to its first {@code max} characters, then "…"; null stays null. */
  static String clip(String s, int max) {
    if (s == null || s.length() <= max) return s;
    return s.substring(0, cut(s, max)) + ELLIPSIS;
  }

  /** {@code s} with its middle given up so that it keeps at most {@code max} characters. */
  static String clipMiddle(String s, int max) {
    if (s == null || s.length() <= max) return s;
    int head = max / 2;
    int tail = max - head - ELLIPSIS.length();
    int from = s.length() - tail;
    if (cut(s, from) != from) from++; // keep the pair whole by dropping it
    return s.substring(0, cut(s, head)) + ELLIPSIS + s.substring(from);
  }

  /** {@code at}, or one less when it would split a surrogate pair. */
  private static int cut(String s, int at) {
    return at > 0
            && at < s.length()
            && Character.isLowSurrogate(s.charAt(at))
            && Character.isHighSurrogate(s.charAt(at - 1))
        ? at - 1
        : at;
  }

  private void publish() {
    Workflow.setCurrentDetails(markdown());
  }
}
