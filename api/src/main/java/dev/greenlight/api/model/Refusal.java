package dev.greenlight.api.model;

/**
 * A command sent as a signal that broke the rules: it changed nothing and is listed in status.
 *
 * @param command approve, reject or abort
 * @param by the name the command carried (its first 64 characters, then "…", when longer)
 * @param reason why it was refused (at most about 1000 characters)
 * @param at ISO-8601 instant
 */
public record Refusal(String command, String by, String reason, String at) {}
