package dev.greenlight.api.model;

/**
 * One step of a release as shown by {@code status}.
 *
 * @param name deploy, health, migrate, smoke, approval, switch, monitor, rollback
 * @param status RUNNING, SUCCEEDED, FAILED or CANCELED
 * @param startedAt ISO-8601 instant
 * @param endedAt ISO-8601 instant, null while running
 * @param detail one or a few lines of what happened
 */
public record StepRecord(
    String name, String status, String startedAt, String endedAt, String detail) {}
