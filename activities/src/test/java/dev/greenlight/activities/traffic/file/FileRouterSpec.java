package dev.greenlight.activities.traffic.file;

import dev.greenlight.api.spec.RouterSection;

/**
 * Spec key {@code router.file} of the test-only router type {@code file}.
 *
 * @param path the file holding the split, e.g. {@code green 10}
 */
public record FileRouterSpec(String path) implements RouterSection {}
