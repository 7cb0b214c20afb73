package dev.greenlight.client.timeline;

import java.time.Instant;

/**
 * One thing that happened in a release, at the time the release recorded for it.
 *
 * @param at when it happened (the release's own record: step, approval, refusal and end times)
 * @param text one line saying what happened; not yet made safe for a terminal
 */
public record ReleaseEvent(Instant at, String text) {}
