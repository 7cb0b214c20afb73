package dev.greenlight.api.model;

import java.util.List;

/**
 * The contract's {@code status --json} shape. Field order and names are part of the contract.
 *
 * @param id release id (= workflow id)
 * @param app application name
 * @param version version being released
 * @param state RUNNING or a final state
 * @param stage current stage
 * @param live color serving traffic now (null until read from the router)
 * @param target color being released to
 * @param initiator who started the release
 * @param approvals accepted approvals
 * @param steps steps so far
 * @param monitor monitor figures
 * @param outcome null while running, then one sentence
 * @param trafficPercent share of traffic (percent) on the target color
 * @param migrations migrations this release applied
 * @param refused commands sent as signals that broke the rules and changed nothing: the latest ones
 *     (at most 20), see {@code refusedCount}
 * @param startedAt ISO-8601 instant the release started
 * @param endedAt ISO-8601 instant it ended, or null
 * @param refusedCount how many signals were refused in all (at least {@code refused.size()})
 * @param notifications the notifications sent or given up, the latest ones (at most 50); empty
 *     without {@code notify} in the spec
 */
public record ReleaseStatus(
    String id,
    String app,
    String version,
    ReleaseState state,
    Stage stage,
    String live,
    String target,
    String initiator,
    List<Approval> approvals,
    List<StepRecord> steps,
    MonitorStats monitor,
    String outcome,
    int trafficPercent,
    List<AppliedMigration> migrations,
    List<Refusal> refused,
    String startedAt,
    String endedAt,
    int refusedCount,
    List<NotificationRecord> notifications) {

  public ReleaseStatus {
    // a status written before refusedCount existed (an older release's result) counts its list
    refusedCount = Math.max(refusedCount, refused == null ? 0 : refused.size());
    // a status written before notifications existed has none
    notifications = notifications == null ? List.of() : notifications;
  }

  /** A status without notifications (a release without {@code notify}, older callers). */
  public ReleaseStatus(
      String id,
      String app,
      String version,
      ReleaseState state,
      Stage stage,
      String live,
      String target,
      String initiator,
      List<Approval> approvals,
      List<StepRecord> steps,
      MonitorStats monitor,
      String outcome,
      int trafficPercent,
      List<AppliedMigration> migrations,
      List<Refusal> refused,
      String startedAt,
      String endedAt,
      int refusedCount) {
    this(
        id,
        app,
        version,
        state,
        stage,
        live,
        target,
        initiator,
        approvals,
        steps,
        monitor,
        outcome,
        trafficPercent,
        migrations,
        refused,
        startedAt,
        endedAt,
        refusedCount,
        List.of());
  }
}
