package dev.greenlight.api.spec.notify;

/**
 * One webhook that hears about a release ({@code notify:} in the spec). The URL is a secret: the
 * spec names the worker's environment variable that holds it, and only that name is recorded.
 *
 * @param type {@code webhook} (a JSON POST with every field) or {@code slack} (a POST of {@code
 *     {"text": ...}}, which Slack's incoming webhooks and compatible chats take)
 * @param urlEnv the environment variable of the worker that holds the URL
 */
public record NotifyTarget(String type, String urlEnv) {
  public static final String WEBHOOK = "webhook";
  public static final String SLACK = "slack";

  /** How status names it, e.g. "slack SLACK_URL". */
  public String label() {
    return type + " " + urlEnv;
  }
}
