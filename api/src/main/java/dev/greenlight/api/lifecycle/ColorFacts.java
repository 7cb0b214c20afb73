package dev.greenlight.api.lifecycle;

import java.util.Map;

/**
 * What one color reports about itself, read before a switch or an undo.
 *
 * @param color {@code blue} or {@code green}
 * @param version its health body's {@code versionField}, or null (no versionField in the spec)
 * @param fields the drift fields of its health body (a missing field maps to {@code <missing>})
 * @param fingerprint what the drift command printed for it, or null (no drift command)
 */
public record ColorFacts(
    String color, String version, Map<String, String> fields, String fingerprint) {}
