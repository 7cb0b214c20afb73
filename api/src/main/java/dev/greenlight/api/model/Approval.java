package dev.greenlight.api.model;

/**
 * An accepted approval.
 *
 * @param approver who approved
 * @param at ISO-8601 instant
 * @param comment free text, may be null
 * @param via "cli" (a Temporal update) or "signal" (e.g. the Temporal UI)
 */
public record Approval(String approver, String at, String comment, String via) {}
