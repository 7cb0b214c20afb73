package dev.greenlight.workflows;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.Notification;
import dev.greenlight.api.activities.NotifyActivities;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.NotificationRecord;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.spec.ApprovalSpec;
import dev.greenlight.api.spec.Durations;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.notify.NotifyTarget;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * Tells the spec's webhooks ({@code notify:}) about a release: awaiting approval, switched, each
 * alert, rolled back, finished. Workflow code.
 *
 * <p>The release never waits for a webhook: events queue here and one workflow thread of their own
 * sends them in order, each to every webhook, as a short activity with a few retries. A webhook
 * that still fails is listed in status ({@code notifications}) and the release goes on. The thread
 * lives in a detached scope, so an abort does not silence the rollback's news. At the end, the
 * release waits at most {@link #DRAIN_MAX} for the last events to go out; its status shows the
 * final state meanwhile.
 *
 * <p>A release without {@code notify} issues no command for it (no version marker either).
 */
final class Notifier {
  /** The change id: releases from before notifications replay without them. */
  static final String CHANGE = "worker-notify-1";

  /** How long a finished release waits for its last notifications. */
  static final Duration DRAIN_MAX = Duration.ofMinutes(2);

  /** One attempt: the activity's HTTP call is bounded at 5 s. */
  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2.0)
                  .setMaximumAttempts(3)
                  .build())
          .build();

  private static final Logger log = Workflow.getLogger(Notifier.class);

  private final ReleaseRequest request;
  private final StatusBoard board;
  private final List<NotifyTarget> targets;
  private final NotifyActivities hooks;
  private final Deque<Notification> pending = new ArrayDeque<>();

  /** Starts the sending thread when the spec has webhooks. */
  Notifier(ReleaseRequest request, StatusBoard board) {
    this.request = request;
    this.board = board;
    List<NotifyTarget> given = request.spec().notifyTargets();
    boolean on =
        given != null
            && !given.isEmpty()
            && Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
    this.targets = on ? List.copyOf(given) : List.of();
    this.hooks = on ? Workflow.newActivityStub(NotifyActivities.class, OPTIONS) : null;
    if (on) Workflow.newDetachedCancellationScope(() -> Async.procedure(this::send)).run();
  }

  // ---- the events ------------------------------------------------------------------------------

  /** The release waits for approval: what to approve, by whom, and the command that does it. */
  void awaitingApproval() {
    if (targets.isEmpty()) return;
    ReleaseSpec spec = request.spec();
    List<Integer> steps = spec.router().steps();
    String approve =
        "switch "
            + spec.app()
            + " from "
            + board.live()
            + " to "
            + board.target()
            + " ("
            + request.version()
            + (steps.size() > 1
                ? ", in steps of "
                    + steps.stream().map(p -> p + "%").collect(Collectors.joining(", "))
                : ", all traffic at once")
            + ")";
    String command = "greenlight approve " + request.releaseId() + " --as NAME";
    String text =
        app()
            + " awaits approval: deploy, health and smoke passed on "
            + board.target()
            + ". Approving will "
            + approve
            + ". "
            + who(spec.approval())
            + ". Run: "
            + command;
    queue(Notification.AWAITING_APPROVAL, text, approve, command, null);
  }

  /** All traffic is on the new color, proven. */
  void switched() {
    if (targets.isEmpty()) return;
    Color target = board.target();
    String text =
        app()
            + " is live on "
            + target
            + " (was "
            + target.other()
            + "); watching it for "
            + Durations.format(request.spec().monitor().window())
            + ".";
    queue(Notification.SWITCHED, text, null, null, null);
  }

  /** Each sample that alerted (not the rollback one: its news is the rollback). */
  void alerts(List<MonitorSample> samples) {
    if (targets.isEmpty()) return;
    for (MonitorSample s : samples) {
      if (!"ALERT".equals(s.verdict())) continue;
      String text =
          app()
              + ": alert on "
              + board.target()
              + " at "
              + board.trafficPercent()
              + "% of traffic: "
              + StatusBoard.clip(s.reason(), StatusBoard.REASON_MAX);
      queue(Notification.ALERT, text, null, null, null);
    }
  }

  /**
   * The release ended: rolled back first when traffic was switched back (or tried), then finished.
   */
  void ended(Outcome outcome, boolean rolledBack) {
    if (targets.isEmpty()) return;
    String sentence = StatusBoard.clipMiddle(outcome.sentence(), StatusBoard.DETAIL_MAX);
    if (rolledBack) {
      queue(Notification.ROLLED_BACK, app() + " rolled back: " + sentence, null, null, sentence);
    }
    String text = app() + " finished " + outcome.state() + ": " + sentence;
    queue(Notification.FINISHED, text, null, null, sentence);
  }

  /** Waits, at most {@link #DRAIN_MAX}, until every queued event has been sent or given up. */
  void drain() {
    if (targets.isEmpty()) return;
    Workflow.await(DRAIN_MAX, pending::isEmpty);
  }

  // ---- sending ---------------------------------------------------------------------------------

  private void queue(String event, String text, String approve, String command, String outcome) {
    ReleaseState state = board.state();
    pending.add(
        new Notification(
            event,
            request.releaseId(),
            request.spec().app(),
            StatusBoard.clip(request.version(), StatusBoard.VERSION_MAX),
            state.name(),
            board.stage().name(),
            text,
            approve,
            command,
            outcome));
  }

  /** The sending thread: one event at a time, to every webhook, in the order they happened. */
  private void send() {
    while (true) {
      Workflow.await(() -> !pending.isEmpty());
      Notification n = pending.peek();
      for (NotifyTarget t : targets) {
        try {
          String detail = hooks.notify(t, n);
          board.notified(
              new NotificationRecord(n.event(), t.label(), "sent", StatusBoard.now(), detail));
        } catch (ActivityFailure f) {
          String why = FailureText.of(f);
          log.warn("notification {} to {} failed: {}", n.event(), t.label(), why);
          board.notified(
              new NotificationRecord(n.event(), t.label(), "failed", StatusBoard.now(), why));
        }
      }
      pending.poll();
    }
  }

  private String app() {
    return request.spec().app()
        + " "
        + StatusBoard.clip(request.version(), StatusBoard.VERSION_MAX);
  }

  private String who(ApprovalSpec approval) {
    String needed = approval.required() == 1 ? "one approval" : approval.required() + " approvals";
    return approval.approvers().isEmpty()
        ? "Needs " + needed + ", from anyone but " + request.initiator()
        : "Needs " + needed + " from " + String.join(", ", approval.approvers());
  }
}
