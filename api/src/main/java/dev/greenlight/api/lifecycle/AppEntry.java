package dev.greenlight.api.lifecycle;

/**
 * One past operation on an app, as the app view lists it.
 *
 * @param id release or undo id
 * @param kind {@code release}, {@code undo} or {@code sync}
 * @param version the version it released (an undo: the version it went back to)
 * @param state its final state (SUCCEEDED, ROLLED_BACK, FAILED, ...)
 * @param outcome its outcome sentence
 * @param endedAt ISO-8601 instant it ended
 */
public record AppEntry(
    String id, String kind, String version, String state, String outcome, String endedAt) {}
