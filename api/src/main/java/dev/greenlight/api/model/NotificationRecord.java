package dev.greenlight.api.model;

/**
 * A notification a release sent, or tried to: listed in status ({@code notifications}).
 *
 * @param event awaiting_approval, switched, alert, rolled_back or finished
 * @param target the webhook: its type and the name of the variable holding its URL, e.g. "slack
 *     SLACK_URL" (never the URL)
 * @param status {@code sent} or {@code failed}
 * @param at ISO-8601 instant it was sent or given up
 * @param detail the answer ("HTTP 200") or why it failed ("HTTP 500, after 3 attempts")
 */
public record NotificationRecord(
    String event, String target, String status, String at, String detail) {}
