package dev.greenlight.workflows.model;

/**
 * A command sent as a signal that broke the rules: it changed nothing and is listed in status.
 *
 * @param command approve, reject or abort
 * @param by the name the command carried
 * @param reason why it was refused
 * @param at ISO-8601 instant
 */
public record Refusal(String command, String by, String reason, String at) {}
