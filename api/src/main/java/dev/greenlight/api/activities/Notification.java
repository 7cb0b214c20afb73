package dev.greenlight.api.activities;

/**
 * One event of a release, as its webhooks receive it (a {@code webhook} target gets these fields as
 * a JSON object, a {@code slack} target only {@code text}).
 *
 * @param event awaiting_approval, switched, alert, rolled_back or finished
 * @param release the release id
 * @param app the application
 * @param version the version being released
 * @param state the release's state: RUNNING, or its final state
 * @param stage the release's stage, e.g. AWAITING_APPROVAL
 * @param text one readable sentence or two
 * @param approve for awaiting_approval: what an approval lets happen; else null
 * @param command for awaiting_approval: the exact CLI command that approves; else null
 * @param outcome for rolled_back and finished: the release's outcome sentence; else null
 */
public record Notification(
    String event,
    String release,
    String app,
    String version,
    String state,
    String stage,
    String text,
    String approve,
    String command,
    String outcome) {
  public static final String AWAITING_APPROVAL = "awaiting_approval";
  public static final String SWITCHED = "switched";
  public static final String ALERT = "alert";
  public static final String ROLLED_BACK = "rolled_back";
  public static final String FINISHED = "finished";
}
