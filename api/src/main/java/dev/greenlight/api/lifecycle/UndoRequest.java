package dev.greenlight.api.lifecycle;

import dev.greenlight.api.ReleaseRequest;

/**
 * The input of one undo.
 *
 * @param undoId {@code <app>-undo-<short random>}; also the workflow id
 * @param initiator who asked for it (never counts as an approver)
 * @param reason why, in the operator's words
 * @param undone the release being undone (its spec says how to switch and prove it)
 * @param backTo the version the other color must still run: the version live before {@code undone};
 *     null when Greenlight never recorded it (then the health check only reads it)
 * @param searchAttributes as in {@link ReleaseRequest#searchAttributes()}
 */
public record UndoRequest(
    String undoId,
    String initiator,
    String reason,
    ReleaseRequest undone,
    String backTo,
    boolean searchAttributes) {}
