package dev.greenlight.api.spec;

/**
 * The settings of one router type: the {@code router.<type>} section of the spec (e.g. {@code
 * router.haproxy}), as its {@link RouterType} reads it. A record, so that it goes into the
 * workflow's history as JSON and comes back.
 */
public interface RouterSection {}
